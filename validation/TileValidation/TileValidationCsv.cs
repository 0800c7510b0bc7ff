using System.Globalization;

namespace Xbar.Validation.TileValidation;

/// <summary><c>validate-tile.csv</c>: one line per <see cref="TileValidationRow"/>; read back by <see cref="Read"/>; a sweep's point files hold the same lines at round-trip precision (<see cref="TileValidationSweep"/>).</summary>
public static class TileValidationCsv
{
    public const string Header = "rows,cols,wire_r,device,model,family,seeds,nrmse_mean,nrmse_std,nrmse_worst,max_err,us_per_mvm,us_per_mvm_batch,program_ms";

    public static void Write(IEnumerable<TileValidationRow> rows, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var r in rows) w.WriteLine(Line(r));
    }

    /// <summary>One row; <paramref name="format"/> is the numbers' format ("G6" in the CSV, "R" in a sweep's point files, so nothing is rounded before the outputs are built).</summary>
    public static string Line(TileValidationRow r, string format = "G6")
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Rows},{r.Cols},{r.WireR:R},{r.Device},{r.Model},{r.Family},{r.Seeds},{F(r.MeanNrmse)},{F(r.StdNrmse)},{F(r.WorstNrmse)},{F(r.MaxErr)},{F(r.UsPerMvm)},{F(r.UsPerMvmBatch)},{F(r.ProgramMs)}");
    }

    /// <summary>The row of one line written by <see cref="Line"/>; a line that is not one throws invalid input.</summary>
    public static TileValidationRow Parse(string line)
    {
        var ci = CultureInfo.InvariantCulture;
        var f = line.Split(',');
        if (f.Length != 14) throw new InvalidInputException($"validate-tile: a point line has {f.Length} fields, not 14: '{line}'");
        try
        {
            return new TileValidationRow(int.Parse(f[0], ci), int.Parse(f[1], ci), double.Parse(f[2], ci), f[3], f[4], f[5], int.Parse(f[6], ci),
                double.Parse(f[7], ci), double.Parse(f[8], ci), double.Parse(f[9], ci), double.Parse(f[10], ci),
                double.Parse(f[11], ci), double.Parse(f[12], ci), double.Parse(f[13], ci));
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"validate-tile: a point line holds a field that is not a number: '{line}'");
        }
    }

    /// <summary>Rows of a CSV written by <see cref="Write"/> (a checkpoint); an unreadable or foreign file gives none.</summary>
    public static List<TileValidationRow> Read(string path)
    {
        var rows = new List<TileValidationRow>();
        if (!File.Exists(path)) return rows;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) return rows;
        foreach (var line in lines.Skip(1))
        {
            if (line.Split(',').Length != 14) return [];
            rows.Add(Parse(line));
        }
        return rows;
    }
}
