using System.CommandLine;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.IO;
using Xbar.Validation.TileValidation;

namespace Xbar.Cli.Commands;

/// <summary>
/// The <c>--config FILE | --preset NAME</c> pair every tile-using command accepts, <c>--time S</c>
/// (a PCM tile read S seconds after programming) and <c>--calib FILE</c>. Public so other verbs
/// (networks, demo) reuse the same options and messages.
/// </summary>
public sealed class TileConfigOptions
{
    public Option<string?> Config { get; } = new("--config") { Description = "Tile config JSON file (see `xbar tile --help`)." };
    public Option<string?> Preset { get; } = new("--preset") { Description = $"Named tile config instead of --config: {string.Join(", ", TilePresets.Names)}." };
    public Option<string?> Calib { get; } = new("--calib") { Description = "Calibration JSON from `xbar calibrate` (must match the config)." };
    public Option<double?> Time { get; } = new("--time") { Description = "Seconds after programming at which a PCM tile is read (drift, 1/f read noise); overrides device.time_s." };

    public void AddTo(Command command, bool withCalib = true)
    {
        command.Options.Add(Config);
        command.Options.Add(Preset);
        command.Options.Add(Time);
        if (withCalib) command.Options.Add(Calib);
    }

    /// <summary>The chosen config; <paramref name="defaultPreset"/> when neither option is given (null = required).</summary>
    public TileConfig Resolve(ParseResult parse, string? defaultPreset = null)
    {
        var config = Choose(parse, defaultPreset);
        if (parse.GetValue(Time) is not { } t) return config;
        if (config.Device.Kind != Xbar.Behavioral.Config.DeviceKind.Pcm)
            throw new InvalidInputException($"--time: only PCM cells change after programming; this tile's device.kind is {config.Device.Kind.ToString().ToLowerInvariant()}");
        if (!(t > 0) || !double.IsFinite(t)) throw new InvalidInputException($"--time must be a positive number of seconds, got {t}");
        return (config with { Device = config.Device with { TimeS = t } }).Validate();
    }

    private TileConfig Choose(ParseResult parse, string? defaultPreset)
    {
        string? file = parse.GetValue(Config), preset = parse.GetValue(Preset);
        if (file is not null && preset is not null) throw new InvalidInputException("give either --config or --preset, not both");
        if (file is not null) return TileConfigJson.Load(file);
        if (preset is not null) return TilePresets.Get(preset);
        if (defaultPreset is not null) return TilePresets.Get(defaultPreset);
        throw new InvalidInputException("a tile config is required: --config FILE or --preset NAME");
    }

    /// <summary>The calibration file, checked against <paramref name="config"/> (refused on mismatch).</summary>
    public TileCalibration? ResolveCalibration(ParseResult parse, TileConfig config)
    {
        string? path = parse.GetValue(Calib);
        if (path is null) return null;
        var c = TileCalibration.Load(path);
        c.EnsureMatches(config);
        return c;
    }
}

/// <summary>
/// <c>xbar tile</c>: runs the behavioral tile on given weights and inputs. W.csv has one line per
/// output (y = W x), X.csv one input vector per line; Y.csv gets one output vector per line in the
/// units of W x. <c>.npy</c> accepted for every matrix. On stderr: the model's expected error for
/// the config (the calibration's held-out structured problems) and, with <c>--check K</c>, the error
/// measured on K of the user's own MVMs re-solved exactly (nodal solve of the same cells).
/// </summary>
public sealed class TileCommand : ICliCommand
{
    public Command Create()
    {
        var cfg = new TileConfigOptions();
        var weights = new Option<string>("--weights") { Description = "Weight matrix W (outputs x inputs), CSV or .npy.", Required = true };
        var inputs = new Option<string>("--inputs") { Description = "Input vectors X, one per line (batch x inputs), CSV or .npy.", Required = true };
        var output = new Option<string>("--out") { Description = "Output file Y (batch x outputs), CSV or .npy.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the device non-idealities drawn at programming.", DefaultValueFactory = _ => 1 };
        var circuit = new Option<bool>("--circuit") { Description = "Solve every MVM exactly with the nodal solver instead of the behavioral model." };
        var check = new Option<int>("--check") { Description = "Re-solve K of the MVMs (evenly spaced) exactly with the nodal solver and print the behavioral model's error on them.", DefaultValueFactory = _ => 0 };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the resolved config as JSON and exit." };
        var command = new Command("tile", "Run a crossbar tile (behavioral, calibrated, or circuit) on weights and inputs: Y = tile(W) X.");
        cfg.AddTo(command);
        foreach (var o in new Option[] { weights, inputs, output, seed, circuit, check, printConfig }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = cfg.Resolve(parse);
            if (parse.GetValue(printConfig))
            {
                Console.WriteLine(TileConfigJson.Serialize(config));
                return ExitCodes.Success;
            }
            var calib = cfg.ResolveCalibration(parse, config);
            int k = parse.GetValue(check);
            if (k < 0) throw new InvalidInputException($"--check must be >= 0 (got {k})");
            bool exact = parse.GetValue(circuit);
            var w = MatrixFile.ReadValues(parse.GetValue(weights)!);
            var x = MatrixFile.ReadValues(parse.GetValue(inputs)!);
            if (x.GetLength(1) != w.GetLength(1))
                throw new InvalidInputException($"{parse.GetValue(inputs)}: {x.GetLength(1)} values per line but W has {w.GetLength(1)} inputs (columns)");
            if (!exact) Console.Error.WriteLine(ExpectedError(config, calib));
            var tile = exact
                ? CircuitTile.Program(config, w, parse.GetValue(seed))
                : BehavioralTile.Program(config, w, parse.GetValue(seed), calib);
            var y = tile.MultiplyBatch(x);
            MatrixFile.Write(parse.GetValue(output)!, y);
            string time = config.Device.Kind == Xbar.Behavioral.Config.DeviceKind.Pcm
                ? $", read {config.Device.ReadTimeS.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} s after programming" : "";
            Console.Error.WriteLine($"{x.GetLength(0)} MVM(s) on a {w.GetLength(0)}x{w.GetLength(1)} weight matrix ({config.Name ?? "config"}, IR drop: {(exact ? "nodal solve" : config.IrDrop.Model.ToString().ToLowerInvariant())}{time}) -> {parse.GetValue(output)}");
            if (k > 0 && !exact) Console.Error.WriteLine(TileCheck.Run(config, w, x, tile, parse.GetValue(seed), k).Describe());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The expected error of the config's IR-drop model, from the calibration's held-out structured problems when there is one.</summary>
    public static string ExpectedError(TileConfig config, TileCalibration? calib)
    {
        var model = config.IrDrop.Model;
        if (model == IrDropModel.Calibrated && calib is not null)
            return string.Create(CultureInfo.InvariantCulture,
                $"expected error (calibration, {calib.HeldOutSamples} held-out MVMs of structured problems, {calib.Engine}): NRMSE {calib.HeldOutNrmse:P3} pooled, {calib.HeldOutWorstNrmse:P3} worst family, max error {calib.HeldOutWorstMaxError:P2} of the output range (analog currents, before the ADC)");
        string why = model switch
        {
            IrDropModel.Calibrated => "no --calib given: the calibrated option runs with the model as derived (the exact option)",
            IrDropModel.Exact => "the exact option has no calibration",
            IrDropModel.None => "the none option ignores IR drop",
            IrDropModel.Probed => "the probed option has no calibration",
            _ => "the fast option has no calibration",
        };
        return $"expected error: unknown ({why}); `xbar validate tile` measures every option, `--check K` measures it on your data";
    }
}
