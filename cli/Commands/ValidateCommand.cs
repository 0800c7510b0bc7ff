using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Spectre.Console;
using Xbar.Validation.Sharding;
using Xbar.Validation.TileValidation;

namespace Xbar.Cli.Commands;

/// <summary>
/// One subcommand of <c>xbar validate</c>. To add one (e.g. <c>xbar validate network</c>), add a
/// class implementing this interface anywhere in the cli assembly: it is found by reflection.
/// </summary>
public interface IValidateSubcommand
{
    Command Create();
}

/// <summary><c>xbar validate</c>: model-against-truth checks, one subcommand each.</summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("validate", "Validate fast models against exact circuit solves.");
        foreach (var s in CommandDiscovery.Create<IValidateSubcommand>(c => c.Create())) command.Subcommands.Add(s);
        return command;
    }
}

/// <summary>
/// <c>xbar validate tile</c>: every IR-drop option of the behavioral tile against the exact nodal
/// solve on structured problems (weight patterns x input patterns, several seeds) over array sizes
/// 16..256 and wire resistances 0.1-5 Ohm: a summary table (mean, spread and worst family NRMSE,
/// max error, time per MVM), DIR/validate-tile.csv (every family), validate-tile.md and .png.
/// A grid point is one (size, wire R) (<see cref="TileValidationSweep"/>): each is saved in DIR/points/ when
/// done and reused when the same run is started again; <c>--shard I/N</c> runs a share of them, and
/// the outputs are written once the folder holds every point (or by <c>xbar merge</c>; docs/sharding.md).
/// </summary>
public sealed class ValidateTileCommand : IValidateSubcommand
{
    public Command Create()
    {
        var cfg = new TileConfigOptions();
        var output = new Option<string>("--out") { Description = "Output folder (also the checkpoint: finished points in points/ are reused; shards of one run may share it).", DefaultValueFactory = _ => "out/validate-tile" };
        var quick = new Option<bool>("--quick") { Description = "Small grid (16 and 32, 1 Ohm, 2 seeds, no trained layer) for tests and smoke runs." };
        var sizes = new Option<string?>("--sizes") { Description = "Array sizes n (n x n), comma-separated (default 16,32,64,128,256)." };
        var wires = new Option<string?>("--wire-r") { Description = "Wire resistances per segment (Ohm), comma-separated (default 0.1,1,2.5,5)." };
        var seeds = new Option<int?>("--seeds") { Description = "Problems per family (default 3)." };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, inputs and device draws.", DefaultValueFactory = _ => 11 };
        var noTrained = new Option<bool>("--no-trained") { Description = "Leave out the trained-network weight pattern (it trains an MLP on MNIST first)." };
        var fresh = new Option<bool>("--fresh") { Description = "Delete the finished points and settings in --out and recompute everything (not with shards sharing the folder)." };
        var shard = ShardOption.Create();
        var command = new Command("tile", "Behavioral tile vs exact nodal solve on structured problems: mean, spread and worst-family NRMSE, max error and time per MVM of each IR-drop option (default preset mtj4).");
        cfg.AddTo(command);
        foreach (var o in new Option[] { output, quick, sizes, wires, seeds, seed, noTrained, fresh, shard }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var part = ShardOption.Resolve(parse, shard);
            var config = cfg.Resolve(parse, defaultPreset: "mtj4");
            var calib = parse.GetValue(cfg.Calib) is null ? null : Xbar.Behavioral.Calibration.TileCalibration.Load(parse.GetValue(cfg.Calib)!);
            var opts = parse.GetValue(quick) ? TileValidationOptions.Quick : TileValidationOptions.Default;
            if (parse.GetValue(sizes) is { } s) opts = opts with { Sizes = ParseList(s, "--sizes").Select(v => (int)v).ToArray() };
            if (parse.GetValue(wires) is { } w) opts = opts with { WireResistances = ParseList(w, "--wire-r") };
            if (parse.GetValue(seeds) is { } k) opts = opts with { Seeds = k };
            if (parse.GetValue(noTrained)) opts = opts with { Trained = false };
            opts = opts with { Seed = parse.GetValue(seed) };
            if (opts.Sizes.Any(n => n < 4)) throw new InvalidInputException("--sizes: every size must be at least 4");
            if (opts.WireResistances.Any(r => r < 0 || !double.IsFinite(r))) throw new InvalidInputException("--wire-r: resistances must be finite and >= 0");
            if (opts.Seeds < 1) throw new InvalidInputException("--seeds must be at least 1");
            if (opts.Sizes.Distinct().Count() != opts.Sizes.Count || opts.WireResistances.Distinct().Count() != opts.WireResistances.Count)
                throw new InvalidInputException("--sizes and --wire-r must not list a value twice");
            string dir = parse.GetValue(output)!;
            if (parse.GetValue(fresh))
            {
                // --fresh: forget this folder's points and settings (never together with shards writing into it).
                File.Delete(Path.Combine(dir, PointStore.RunFile));
                if (Directory.Exists(Path.Combine(dir, PointStore.PointsFolder))) Directory.Delete(Path.Combine(dir, PointStore.PointsFolder), true);
            }
            var result = TileValidationSweep.Run(config, opts, calib, dir, part, msg => Console.Error.WriteLine(msg));
            if (!result.Complete)
            {
                Console.WriteLine(result.Summary); // a shard that left points to others
                return ExitCodes.Success;
            }
            var rows = result.Rows;
            AnsiConsole.Write(SummaryTable(rows));
            foreach (var g in rows.Where(r => r.Family == "all").GroupBy(r => r.Rows))
                foreach (string model in (string[])["probed", "calibrated"])
                {
                    double nodal = g.Where(r => r.Model == "nodal").Average(r => r.UsPerMvm);
                    var cal = g.Where(r => r.Model == model).ToList();
                    if (cal.Count == 0) continue;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{g.Key}x{g.Key}: {model} tile {nodal / cal.Average(r => r.UsPerMvm):0}x faster per MVM than the nodal solve one vector at a time, {nodal / cal.Average(r => r.UsPerMvmBatch):0}x in batches of {TileValidator.TimingBatch}; programming {cal.Average(r => r.ProgramMs):0} ms (shared machine)"));
                }
            Console.WriteLine($"wrote {string.Join(", ", result.Files)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per point and option: the summary over every family.</summary>
    private static Table SummaryTable(IReadOnlyList<TileValidationRow> rows)
    {
        var table = new Table().AddColumns("n", "wire R", "model", "mean NRMSE", "spread", "worst family", "max err", "us/MVM", "us/MVM batch", "program ms");
        string P(double v) => (v * 100).ToString(v < 1e-4 ? "0.0E+0" : "0.000", CultureInfo.InvariantCulture) + " %";
        foreach (var r in rows.Where(r => r.Family == "all"))
        {
            bool truth = r.Model == "nodal";
            string worst = truth ? "" : $"{P(r.WorstNrmse)} ({WorstFamily(rows, r)})";
            table.AddRow(r.Rows.ToString(CultureInfo.InvariantCulture), r.WireR.ToString("0.###", CultureInfo.InvariantCulture), r.Model,
                truth ? "(truth)" : P(r.MeanNrmse), truth ? "" : P(r.StdNrmse), Markup.Escape(worst), truth ? "" : P(r.MaxErr),
                r.UsPerMvm.ToString("0.0", CultureInfo.InvariantCulture), truth ? "" : r.UsPerMvmBatch.ToString("0.00", CultureInfo.InvariantCulture),
                truth ? "" : r.ProgramMs.ToString("0", CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static string WorstFamily(IReadOnlyList<TileValidationRow> rows, TileValidationRow summary) =>
        rows.Where(r => r.Rows == summary.Rows && r.WireR == summary.WireR && r.Model == summary.Model && r.Family != "all")
            .OrderByDescending(r => r.MeanNrmse).Select(r => r.Family).FirstOrDefault() ?? "";

    private static double[] ParseList(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v : throw new InvalidInputException($"{option}: \"{t}\" is not a number")).ToArray();
}
