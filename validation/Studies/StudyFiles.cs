using System.Globalization;
using System.Text;

namespace Xbar.Validation.Studies;

/// <summary>Writes a study's CSV, PNG (ScottPlot) and Markdown files into its output folder; numbers in invariant culture.</summary>
public static class StudyFiles
{
    public static string F(double v, string format = "G6") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Prepare(string outDir)
    {
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{outDir}: cannot create output folder ({e.Message})");
        }
        return outDir;
    }

    /// <summary>What a shard that left points to others says (the outputs come with the last point).</summary>
    public static string IncompleteSummary(string study, int missing, int total) =>
        $"{study}: {total - missing} of {total} points are in the folder, {missing} missing (other shards). " +
        "The CSV, PNG and Markdown are written once every point is there: run the other shards with the same --out, or `xbar merge` their folders.";

    /// <summary>Writes a CSV with a header line and one line per row (fields already formatted).</summary>
    public static string WriteCsv(string outDir, string name, string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(outDir, name);
        var sb = new StringBuilder().AppendLine(header);
        foreach (var r in rows) sb.AppendLine(r);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    public static string WriteMarkdown(string outDir, string name, string text)
    {
        var path = Path.Combine(outDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Line plot of several series sharing x, 900 x 560 PNG with a title, in <paramref name="outDir"/>.</summary>
    public static string LinePlot(string outDir, string name, string title, string xLabel, string yLabel,
        IEnumerable<(string Label, double[] X, double[] Y)> series, ScottPlot.Alignment legend = ScottPlot.Alignment.UpperLeft)
    {
        var path = Path.Combine(outDir, name);
        Plots.LinePlots.Save(path, series, xLabel, yLabel, title, 900, 560, legend, legendFontSize: 10);
        return path;
    }
}

/// <summary>
/// The claims of Moureaux, Lopes Temporao and Abreu Araujo, "Multibit neural inference in a N-ary
/// crossbar architecture", arXiv:2604.26979 (2026), as stated in its public abstract (v1, 28 April
/// 2026). Only the abstract was checked here; the paper's device parameters, network and figures
/// beyond these were not, so studies print these statements beside their own numbers.
/// </summary>
public static class MoureauxClaims
{
    public const string Citation = "Moureaux et al. 2026, arXiv:2604.26979";
    public const double MnistHardwareAccuracy = 0.9448;
    public const double MnistSoftwareAccuracy = 0.9756;
    public const string Setup = "4x4 array of 4-state MTJs (XOR and MNIST)";
    public const string Pca = "PCA dimensionality reduction further reduced the software-hardware gap";
    public const string Quantization = "weight quantization is the primary error source";
    public const string RandomVsSystematic = "cell-specific random noise is less detrimental than systematic errors because it averages across the array";
    public const string OptimalStates = "an optimal number of states per cell balances quantization error against resistance-state resolution";
}
