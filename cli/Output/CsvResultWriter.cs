using System.Globalization;
using Xbar.Circuits.Engines;

namespace Xbar.Cli.Output;

/// <summary>
/// Writes simulation results as CSV: an operating point as <c>name,value</c> rows; a sweep as one
/// column per vector with the sweep variable first. Numbers use the invariant culture and
/// round-trip precision, so reading the file back gives the simulated doubles exactly.
/// </summary>
public static class CsvResultWriter
{
    public static void Write(TextWriter writer, AnalysisResult result)
    {
        switch (result)
        {
            case OperatingPointResult op:
                WriteOperatingPoint(writer, op);
                break;
            case SweepResult sweep:
                WriteSweep(writer, sweep);
                break;
            default:
                throw new ArgumentException($"No CSV layout for {result.GetType().Name}.", nameof(result));
        }
    }

    public static void WriteOperatingPoint(TextWriter writer, OperatingPointResult op)
    {
        writer.Write("name,value\n");
        foreach (var name in op.Names)
            writer.Write($"{Field(name)},{Number(op.Value(name))}\n");
    }

    public static void WriteSweep(TextWriter writer, SweepResult sweep)
    {
        var columns = new List<IReadOnlyList<double>> { sweep.Sweep };
        columns.AddRange(sweep.VectorNames.Select(sweep.Vector));
        writer.Write(string.Join(",", new[] { sweep.SweepName }.Concat(sweep.VectorNames).Select(Field)));
        writer.Write('\n');
        for (var k = 0; k < sweep.Count; k++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(Number(columns[c][k]));
            }
            writer.Write('\n');
        }
    }

    public static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quotes a header field only when CSV needs it (RFC 4180); SPICE vector names rarely do.</summary>
    private static string Field(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
