using System.Globalization;
using System.Text;
using Xbar.Behavioral.Calibration;

namespace Xbar.Validation.TileValidation;

/// <summary>
/// <c>validate-tile.md</c>: for every grid point a table of families x IR-drop options (mean NRMSE over
/// seeds / worst seed / max error, all in % of the output range), the summary line, and what each
/// family and option is.
/// </summary>
public static class TileValidationReport
{
    public static void Write(IReadOnlyList<TileValidationRow> rows, string configName, string device, TileValidationOptions options, string path)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine($"# Behavioral tile vs nodal solve on structured problems ({configName}, {device})");
        sb.AppendLine();
        sb.AppendLine(string.Create(ci, $"{options.Seeds} seeds per family, {options.InputsPerFamily} vectors per input pattern and seed; NRMSE = RMSE / (max - min) of the exact output currents of the family's vectors. Cells: mean / worst seed / max error, in %."));
        sb.AppendLine();
        foreach (var point in rows.GroupBy(r => (r.Rows, r.WireR)))
        {
            var models = point.Where(r => r.Model != "nodal").Select(r => r.Model).Distinct().ToList();
            sb.AppendLine(string.Create(ci, $"## {point.Key.Rows}x{point.Key.Rows}, {point.Key.WireR:0.###} Ohm per segment"));
            sb.AppendLine();
            sb.AppendLine("| family | " + string.Join(" | ", models) + " |");
            sb.AppendLine("|---|" + string.Concat(models.Select(_ => "---|")));
            foreach (var family in point.Where(r => r.Model != "nodal").Select(r => r.Family).Distinct().OrderBy(f => f == "all" ? 1 : 0).ThenBy(f => f, StringComparer.Ordinal))
            {
                var cells = models.Select(m => point.FirstOrDefault(r => r.Model == m && r.Family == family) is { } r
                    ? string.Create(ci, $"{100 * r.MeanNrmse:0.000} / {100 * r.WorstNrmse:0.000} / {100 * r.MaxErr:0.00}")
                    : "");
                sb.AppendLine($"| {(family == "all" ? "**all** (mean / worst family / max)" : family)} | " + string.Join(" | ", cells) + " |");
            }
            var nodal = point.FirstOrDefault(r => r.Model == "nodal");
            if (nodal is not null)
                sb.AppendLine().AppendLine(string.Create(ci, $"Nodal solve: {nodal.UsPerMvm / 1000:0.00} ms per MVM.")).AppendLine();
            else sb.AppendLine();
        }
        sb.AppendLine("## Families");
        sb.AppendLine();
        foreach (var w in StructuredProblems.Weights.Append(TrainedLayer.Pattern)) sb.AppendLine($"- weights `{w.Name}`: {w.Description}");
        foreach (var x in StructuredProblems.Inputs) sb.AppendLine($"- inputs `{x.Name}`: {x.Description}");
        sb.AppendLine();
        sb.AppendLine("Options: `none` ideal wires; `column-only` each bit line a ladder under ideal word lines (the per-column Thevenin kind of aihwkit's tile-circuit IR drop, ours); " +
                      "`fast` Xbar's ladder model of word and bit lines; `exact` the transfer model from nodal solves; `calibrated` the same with its two coefficients fitted on other seeds.");
        File.WriteAllText(path, sb.ToString());
    }
}
