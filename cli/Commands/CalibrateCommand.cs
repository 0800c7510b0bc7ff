using System.CommandLine;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Circuits.Nodal;

namespace Xbar.Cli.Commands;

/// <summary>
/// <c>xbar calibrate</c>: solves structured (weights, inputs) problems at circuit level, fits the
/// transfer model's two bias-dependent coefficients (least squares, refused when unphysical), writes
/// them with the config and the engine, and prints the error on held-out problems.
/// </summary>
public sealed class CalibrateCommand : ICliCommand
{
    /// <summary>", effective V_h 0.49 V (device 0.5 V)" for MTJ tiles: the fitted cubic scale as the TMR half-bias voltage it amounts to.</summary>
    private static string HalfBias(Xbar.Behavioral.Config.TileConfig config, Xbar.Behavioral.Tiles.IrDropCorrection k) =>
        config.Device.Kind == Xbar.Behavioral.Config.DeviceKind.Mtj
            ? string.Create(CultureInfo.InvariantCulture, $" (effective TMR half-bias voltage {k.EffectiveHalfBiasV(config.Device.TmrHalfVoltageV):G3} V, device {config.Device.TmrHalfVoltageV:G3} V)")
            : "";

    public Command Create()
    {
        var cfg = new TileConfigOptions();
        var engine = new Option<string>("--engine") { Description = "Circuit engine giving the truth: nodal or ngspice.", DefaultValueFactory = _ => "nodal" };
        var samples = new Option<int>("--samples") { Description = "MVMs of structured problems solved at circuit level (a quarter of the weight matrices held out).", DefaultValueFactory = _ => 48 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights, inputs and device draws.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Calibration JSON to write.", Required = true };
        var inputs = new Option<CalibrationInputs?>("--inputs")
        {
            Description = "Input distribution of the calibration MVMs: NonNegative (0..V_read), Signed (-V_read..V_read) or Mixed (default: the tile's use in networks).",
        };
        var command = new Command("calibrate", "Fit the behavioral tile's transfer model to circuit solves of structured problems; prints the held-out error.");
        cfg.AddTo(command, withCalib: false);
        foreach (var o in new Option[] { engine, samples, seed, output, inputs }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            try
            {
                var config = cfg.Resolve(parse);
                ICircuitTruth truth = parse.GetValue(engine)!.ToLowerInvariant() switch
                {
                    "nodal" => new NodalTruth(),
                    "ngspice" => new NgspiceTruth(),
                    var e => throw new InvalidInputException($"--engine: unknown engine \"{e}\" (nodal, ngspice)"),
                };
                using var disposable = truth as IDisposable;
                var result = TileCalibrator.Calibrate(config, truth, new CalibrationOptions(parse.GetValue(samples), parse.GetValue(seed), Inputs: parse.GetValue(inputs)),
                    msg => Console.Error.WriteLine(msg));
                result.Save(parse.GetValue(output)!);
                var k = result.Correction;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"calibrated {config.Name ?? "config"} ({config.Array.Rows}x{config.Array.Cols}, {config.Device.Kind.ToString().ToLowerInvariant()}, engine {truth.Name}, hash {result.ConfigHash})"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  cubic_scale {k.CubicScale:G5}{HalfBias(config, k)}, load_scale {k.LoadScale:G5} (1 = the model as derived)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  NRMSE fit {result.TrainNrmse:P3}; held-out ({result.HeldOutSamples} MVMs of other structured problems) {result.HeldOutNrmse:P3} (exact option, unfitted: {result.HeldOutNrmseUncorrected:P3}), worst family {result.HeldOutWorstNrmse:P3}, max error {result.HeldOutMaxError:P3}"));
                foreach (var flag in result.Flags ?? []) Console.Error.WriteLine($"warning: {flag}");
                Console.WriteLine($"  -> {parse.GetValue(output)}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is NodalSolverException or Xbar.Circuits.Engines.SimulationException)
            {
                Console.Error.WriteLine($"Simulation failed: {e.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return command;
    }
}
