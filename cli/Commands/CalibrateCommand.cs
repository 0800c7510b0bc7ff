using System.CommandLine;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Circuits.Nodal;

namespace Xbar.Cli.Commands;

/// <summary>
/// <c>xbar calibrate</c>: solves random (weights, inputs) cases at circuit level, fits the fast
/// IR-drop model's correction by Levenberg-Marquardt, writes it with the config and the engine,
/// and prints the error on held-out cases.
/// </summary>
public sealed class CalibrateCommand : ICliCommand
{
    public Command Create()
    {
        var cfg = new TileConfigOptions();
        var engine = new Option<string>("--engine") { Description = "Circuit engine giving the truth: nodal or ngspice.", DefaultValueFactory = _ => "nodal" };
        var samples = new Option<int>("--samples") { Description = "Random MVM cases solved at circuit level (a quarter held out).", DefaultValueFactory = _ => 24 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights, inputs and device draws.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Calibration JSON to write.", Required = true };
        var inputs = new Option<CalibrationInputs?>("--inputs")
        {
            Description = "Input distribution of the calibration MVMs: NonNegative (0..V_read), Signed (-V_read..V_read) or Mixed (default: the tile's use in networks).",
        };
        var command = new Command("calibrate", "Fit the behavioral tile's IR-drop correction to circuit solves; prints the held-out error.");
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
                    $"  word_line_scale {k.WordLineScale:G5}, bit_line_scale {k.BitLineScale:G5}, cubic_scale {k.CubicScale:G5}, gain {k.Gain:G5}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  NRMSE fit {result.TrainNrmse:P3}; held-out ({result.HeldOutSamples} MVMs) {result.HeldOutNrmse:P3} (uncalibrated fast model {result.HeldOutNrmseUncorrected:P3}), max error {result.HeldOutMaxError:P3}"));
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
