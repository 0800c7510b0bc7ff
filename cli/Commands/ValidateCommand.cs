using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Spectre.Console;
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
/// solve over array sizes 16..256 and wire resistances 0.1-5 Ohm: a table, DIR/validate-tile.csv
/// and DIR/validate-tile.png.
/// </summary>
public sealed class ValidateTileCommand : IValidateSubcommand
{
    public Command Create()
    {
        var cfg = new TileConfigOptions();
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out/validate-tile" };
        var quick = new Option<bool>("--quick") { Description = "Small grid (16 and 32, 1 Ohm) for tests and smoke runs." };
        var sizes = new Option<string?>("--sizes") { Description = "Array sizes n (n x n), comma-separated (default 16,32,64,128,256)." };
        var wires = new Option<string?>("--wire-r") { Description = "Wire resistances per segment (Ohm), comma-separated (default 0.1,1,5)." };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, inputs and device draws.", DefaultValueFactory = _ => 11 };
        var command = new Command("tile", "Behavioral tile vs exact nodal solve: NRMSE, max error and time per MVM of each IR-drop option (default preset mtj4).");
        cfg.AddTo(command);
        foreach (var o in new Option[] { output, quick, sizes, wires, seed }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = cfg.Resolve(parse, defaultPreset: "mtj4");
            var calib = parse.GetValue(cfg.Calib) is null ? null : Xbar.Behavioral.Calibration.TileCalibration.Load(parse.GetValue(cfg.Calib)!);
            var opts = parse.GetValue(quick) ? TileValidationOptions.Quick : TileValidationOptions.Default;
            if (parse.GetValue(sizes) is { } s) opts = opts with { Sizes = ParseList(s, "--sizes").Select(v => (int)v).ToArray() };
            if (parse.GetValue(wires) is { } w) opts = opts with { WireResistances = ParseList(w, "--wire-r") };
            opts = opts with { Seed = parse.GetValue(seed) };
            if (opts.Sizes.Any(n => n < 2)) throw new InvalidInputException("--sizes: every size must be at least 2");
            if (opts.WireResistances.Any(r => r < 0 || !double.IsFinite(r))) throw new InvalidInputException("--wire-r: resistances must be finite and >= 0");
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            var rows = TileValidator.Run(config, opts, calib, msg => Console.Error.WriteLine(msg));
            var table = new Table().AddColumns("rows", "cols", "wire R (Ohm)", "device", "model", "NRMSE", "max err", "us/MVM");
            foreach (var r in rows)
                table.AddRow(r.Rows.ToString(CultureInfo.InvariantCulture), r.Cols.ToString(CultureInfo.InvariantCulture),
                    r.WireR.ToString("0.###", CultureInfo.InvariantCulture), r.Device, r.Model,
                    r.Model == "nodal" ? "(truth)" : r.Nrmse.ToString("0.000E+0", CultureInfo.InvariantCulture),
                    r.Model == "nodal" ? "" : r.MaxErr.ToString("0.000E+0", CultureInfo.InvariantCulture),
                    r.UsPerMvm.ToString("0.0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            TileValidator.WriteCsv(rows, Path.Combine(dir, "validate-tile.csv"));
            TileValidationPlot.Write(rows, Path.Combine(dir, "validate-tile.png"));
            foreach (var g in rows.GroupBy(r => r.Rows))
            {
                double nodal = g.Where(r => r.Model == "nodal").Average(r => r.UsPerMvm);
                double fast = g.Where(r => r.Model == "calibrated").Select(r => r.UsPerMvm).DefaultIfEmpty(double.NaN).Average();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{g.Key}x{g.Key}: calibrated tile {nodal / fast:0}x faster per MVM than the nodal solve"));
            }
            Console.WriteLine($"wrote {Path.Combine(dir, "validate-tile.csv")} and validate-tile.png");
            return ExitCodes.Success;
        });
        return command;
    }

    private static double[] ParseList(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v : throw new InvalidInputException($"{option}: \"{t}\" is not a number")).ToArray();
}
