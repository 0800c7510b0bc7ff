using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Xbar.Validation.Demo;

/// <summary>One line of the demo's table.</summary>
public sealed record DemoTableRow(string Mode, string Images, string Accuracy, string LayerRmse, string Model);

/// <summary>
/// The demo's ONE table (accuracy by mode, the error split, the time), built once from the summary
/// and rendered both for the console (Spectre.Console) and for report.md (Markdown).
/// </summary>
public static class DemoTable
{
    private static string P(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) + " %" : "-";
    private static string R(double[]? v) => v is null ? "-" : string.Join(" / ", v.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)));

    public static IReadOnlyList<DemoTableRow> Rows(DemoSummary s)
    {
        string all = s.TestImages.ToString(CultureInfo.InvariantCulture);
        string sub = s.CircuitImages.ToString(CultureInfo.InvariantCulture);
        var rows = new List<DemoTableRow> { new("software float", all, P(s.SoftwareAcc), "0", "float MLP") };
        foreach (var r in s.ErrorSplit)
        {
            string mode = r.Source switch
            {
                "quantization" => "quantized only",
                "all" => "behavioral tiles (calibrated), all errors",
                "circuit" => "quantized + circuit (IR drop, TMR(V), DAC/ADC), no offsets",
                var other => $"{other} offsets only",
            };
            rows.Add(new(mode, all, P(r.Accuracy), R(r.LayerRmse), r.Model));
        }
        if (s.BehavioralOtherClipAcc is not null)
            rows.Add(new($"behavioral tiles, weight clip {s.OtherWeightClipRule}", all, P(s.BehavioralOtherClipAcc), "-",
                $"calibrated behavioral tile, all errors, clip {s.OtherWeightClipRule} instead of {s.WeightClipRule}"));
        if (s.BehavioralIdealFlashAcc is not null || s.BehavioralSpiceAdcAcc is not null)
        {
            rows.Add(new("behavioral tiles, ideal column flash ADC thresholds", all, P(s.BehavioralIdealFlashAcc), "-", "calibrated behavioral tile, flash ADC at the fixed hardware full scale"));
            rows.Add(new("behavioral tiles with SPICE-measured column ADC thresholds", all, P(s.BehavioralSpiceAdcAcc), "-", "same, thresholds measured in ngspice (offsets, mismatch, TIA offset)"));
            if (s.BehavioralSpiceAdcPerLayerAcc is not null)
                rows.Add(new("behavioral tiles, SPICE column ADC with full scale per layer", all, P(s.BehavioralSpiceAdcPerLayerAcc), "-",
                    "one converter per layer, full scale holding 99.9 % of the layer's training-set tile partial sums, thresholds measured in ngspice"));
        }
        if (s.CircuitImages > 0)
        {
            rows.Add(new("software float (circuit subset)", sub, P(s.SoftwareAccOnCircuitSubset), "0", "float MLP"));
            rows.Add(new("behavioral tiles (circuit subset)", sub, P(s.BehavioralAccOnCircuitSubset), R(s.BehavioralSubsetLayerRmse), "calibrated behavioral tile"));
            rows.Add(new("circuit in the loop", sub, P(s.CircuitAcc), R(s.CircuitLayerRmse), "every tile MVM an exact nodal solve"));
        }
        return rows;
    }

    /// <summary>Footer lines under the table: agreement, calibration error, time.</summary>
    public static IReadOnlyList<string> Notes(DemoSummary s)
    {
        var lines = new List<string>();
        if (s.CalibrationNrmse is { } c)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Calibration ({s.CalibrationEngine}): held-out NRMSE {100 * c:F3} % of the output range (the model unfitted: {100 * (s.CalibrationNrmseUncorrected ?? double.NaN):F3} %), {s.CalibrationHeldOutMvms} held-out MVMs."));
        if (s.CircuitBehavioralAgreement is { } a)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Behavioral vs circuit on the same {s.CircuitImages} images: accuracy {s.BehavioralAccOnCircuitSubset:F2} % vs {s.CircuitAcc:F2} % " +
                $"(difference {Math.Abs((s.BehavioralAccOnCircuitSubset ?? 0) - (s.CircuitAcc ?? 0)):F2} points), same prediction on {a:F2} %, logit NRMSE {100 * (s.LogitNrmseBehavioralVsCircuit ?? double.NaN):F3} %."));
        if (s.ColumnAdc is { } adc)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Column ADC in SPICE: {adc}; accuracy {s.BehavioralSpiceAdcAcc:F2} % with measured thresholds vs {s.BehavioralIdealFlashAcc:F2} % with ideal ones."));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Time: {s.Seconds:F1} s in total ({string.Join(", ", s.StepSeconds.Select(kv => $"{kv.Key} {kv.Value:F1} s"))})."));
        return lines;
    }

    public static Table Console(DemoSummary s)
    {
        var table = new Table().Title("Xbar demo: MNIST on 4-state MTJ crossbar tiles")
            .AddColumns("mode", "test images", "accuracy", "RMSE of pre-activations vs float (per layer)");
        foreach (var r in Rows(s)) table.AddRow(Markup.Escape(r.Mode), r.Images, r.Accuracy, r.LayerRmse);
        table.Caption(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{s.Dataset}; total time {s.Seconds:F1} s")));
        return table;
    }

    public static string Markdown(DemoSummary s)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| mode | test images | accuracy | RMSE vs float per layer | tile model |");
        sb.AppendLine("|---|---:|---:|---|---|");
        foreach (var r in Rows(s)) sb.AppendLine($"| {MarkdownCell(r.Mode)} | {r.Images} | {r.Accuracy} | {r.LayerRmse} | {MarkdownCell(r.Model)} |");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **time taken** | | **{s.Seconds:F1} s** | | whole demo |"));
        return sb.ToString();
    }

    /// <summary>Text for a Markdown table cell: a bare | (as in |w|) would end the cell, so it is escaped.</summary>
    public static string MarkdownCell(string text) => text.Replace("|", "\\|");
}
