using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Cost;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar cost fit SWEEP`: fits the cost model to a cost sweep and prints its residual (RMS and
/// worst relative error of energy and latency per cell type, encoding and size, in-sample and with
/// the size held out); `xbar cost merge DIR...`: joins the shard folders of a cost sweep.
/// </summary>
public static class CostFitSubcommand
{
    public static Command CreateFit()
    {
        var sweep = new Argument<string>("sweep") { Description = "Cost sweep folder (xbar cost sweep --out)." };
        var output = new Option<string?>("--out") { Description = "Model file (default SWEEP/cost-model.json); fit_residual.csv goes beside it." };
        var cmd = new Command("fit", "Fit the tile cost model to a cost sweep and report its residual against the transients.");
        cmd.Arguments.Add(sweep);
        cmd.Options.Add(output);
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(sweep)!;
            if (!Directory.Exists(dir)) throw new InvalidInputException($"{dir}: no such folder.");
            string path = parse.GetValue(output) ?? Path.Combine(dir, "cost-model.json");
            var (model, residuals) = CostFitReport.Run(dir, path);
            var table = new Table().AddColumns("cell", "encoding", "size", "samples", "energy rms %", "energy worst %", "latency rms %", "latency worst %", "held-out energy worst %", "held-out latency worst %");
            foreach (var r in residuals)
                table.AddRow(r.Cell, r.Encoding, $"{r.Rows}x{r.Cols}", $"{r.Samples}", P(r.EnergyRms), P(r.EnergyWorst), P(r.LatencyRms), P(r.LatencyWorst),
                    P(r.HeldOutEnergyWorst), P(r.HeldOutLatencyWorst));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(FormattableString.Invariant(
                $"[grey]{model.Groups.Count} fit(s) from {Markup.Escape(model.Source)}; worst in-sample energy error {P(residuals.Max(r => r.EnergyWorst))} %, latency {P(residuals.Max(r => r.LatencyWorst))} %.[/]"));
            AnsiConsole.MarkupLine($"[grey]model: {Markup.Escape(path)}[/]");
            return ExitCodes.Success;
        });
        return cmd;
    }

    public static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Shard output folders of one cost sweep.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Merged folder.", Required = true };
        var cmd = new Command("merge", "Join the shard folders of an `xbar cost sweep` into one.");
        cmd.Arguments.Add(dirs);
        cmd.Options.Add(output);
        cmd.SetAction(parse =>
        {
            var inputs = parse.GetValue(dirs) ?? [];
            int n = CostSweepMerge.Merge(inputs, parse.GetValue(output)!);
            AnsiConsole.MarkupLine($"Merged {n} point(s) from {inputs.Length} folder(s) into {Markup.Escape(Path.GetFullPath(parse.GetValue(output)!))}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static string P(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture);
}
