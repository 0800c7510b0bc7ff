using System.Globalization;
using System.Text;

namespace Xbar.Cli.Fuzzing;

/// <summary>The fuzz report as Markdown: settings, one row per engine with the count of each verdict, and the failing cases.</summary>
public static class FuzzReportText
{
    public static string Format(FuzzOptions o, FuzzReport report, double seconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# xbar fuzz: {report.Netlists} mutated netlists (seed {o.Seed}), engines {string.Join(", ", o.Engines)}, timeout {o.TimeoutSeconds} s");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Seed corpus: {(o.CorpusDirectory is null ? "generated netlists only" : $"{o.CorpusDirectory}/*.cir and generated netlists")}. " +
                                                  $"{seconds:F0} s in all; slowest run {report.SlowestSeconds:F2} s.");
        sb.AppendLine();
        var verdicts = Enum.GetValues<FuzzVerdict>();
        sb.AppendLine("| engine | " + string.Join(" | ", verdicts) + " |");
        sb.AppendLine("|---|" + string.Concat(verdicts.Select(_ => "---|")));
        foreach (var engine in o.Engines)
            sb.AppendLine($"| {engine} | " + string.Join(" | ", verdicts.Select(v => report.Count(engine, v).ToString(CultureInfo.InvariantCulture))) + " |");
        sb.AppendLine();
        sb.AppendLine(report.FailureCount == 0
            ? "No crash, stack trace, hang, dead engine or refusal without file:line."
            : $"{report.FailureCount} failing run(s), saved with their output:");
        foreach (var f in report.Failures.Take(50)) sb.AppendLine($"- {f}");
        return sb.ToString();
    }
}
