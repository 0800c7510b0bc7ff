using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Validation.TileValidation;

/// <summary>One line of <c>validate-tile.csv</c>.</summary>
/// <param name="Model">IR-drop option (none, fast, calibrated, exact) or <c>nodal</c> for the exact solve itself (its time only).</param>
/// <param name="Nrmse">RMSE / (max - min) of the exact output currents, on held-out MVMs.</param>
/// <param name="MaxErr">max |error| / (max - min) of the exact output currents.</param>
/// <param name="UsPerMvm">Time per MVM of the analog core (us), programming excluded.</param>
public sealed record TileValidationRow(int Rows, int Cols, double WireR, string Device, string Model, double Nrmse, double MaxErr, double UsPerMvm);

/// <summary>Settings of a validation run.</summary>
public sealed record TileValidationOptions(
    IReadOnlyList<int> Sizes,
    IReadOnlyList<double> WireResistances,
    int Inputs = 8,
    int CalibrationSamples = 8,
    int Seed = 11,
    int MaxExactSize = 128)
{
    public static TileValidationOptions Default { get; } = new([16, 32, 64, 128, 256], [0.1, 1.0, 5.0]);

    public static TileValidationOptions Quick { get; } = new([16, 32], [1.0], Inputs: 4, CalibrationSamples: 4);
}

/// <summary>
/// Compares every IR-drop option of the behavioral tile against the exact nodal solve of the same
/// programmed array (same config, same seed, same cells), on random weights in [-1, 1] and
/// held-out random inputs uniform in 0..V_read, over array sizes and wire resistances. Errors are
/// on the analog output currents (DAC/ADC excluded, so quantization does not hide the IR-drop
/// error). The calibrated option is calibrated per point on other random weights unless a
/// calibration file matching that point's config is given.
/// </summary>
public static class TileValidator
{
    public static List<TileValidationRow> Run(TileConfig baseConfig, TileValidationOptions options, TileCalibration? calibration,
        Action<string>? log = null)
    {
        var rows = new List<TileValidationRow>();
        var truth = new NodalTruth();
        if (calibration is not null && !options.Sizes.Any(n => calibration.Config.Array.Rows == n && calibration.Config.Array.Cols == n))
            log?.Invoke($"note: the calibration is for a {calibration.Config.Array.Rows}x{calibration.Config.Array.Cols} tile, not on this grid: every point is calibrated on the fly");
        string device = baseConfig.Device.Kind.ToString().ToLowerInvariant();
        foreach (int n in options.Sizes)
            foreach (double r in options.WireResistances)
            {
                var cfg = baseConfig with { Array = baseConfig.Array with { Rows = n, Cols = n, WireROhm = r, BitLineWireROhm = null } };
                log?.Invoke($"{n}x{n}, {r.ToString(CultureInfo.InvariantCulture)} Ohm: exact solves");
                var rng = new Random(options.Seed + n * 7 + (int)(r * 1000));
                var @case = TileCalibrator.MakeCase(cfg, truth, options.Inputs, rng, options.Seed + n);
                double nodalUs = @case.TruthSecondsPerMvm * 1e6;
                var sw = new Stopwatch();
                rows.Add(new TileValidationRow(n, n, r, device, "nodal", 0, 0, nodalUs));

                TileCalibration? calib = calibration is not null && calibration.ConfigHash == cfg.PhysicsHash ? calibration : null;
                foreach (var model in new[] { IrDropModel.None, IrDropModel.Fast, IrDropModel.Calibrated, IrDropModel.Exact })
                {
                    if (model == IrDropModel.Exact && n > options.MaxExactSize) continue;
                    var correction = IrDropCorrection.Identity;
                    if (model == IrDropModel.Calibrated)
                    {
                        if (calib is null)
                        {
                            log?.Invoke($"{n}x{n}, {r.ToString(CultureInfo.InvariantCulture)} Ohm: calibrating ({options.CalibrationSamples} samples)");
                            // Fit on the regime the validation scores (our validation regime: inputs uniform in 0..V_read).
                            calib = TileCalibrator.Calibrate(cfg, truth,
                                new CalibrationOptions(Math.Max(4, options.CalibrationSamples), options.Seed + 97 * n,
                                    InputsPerWeight: Math.Max(2, options.CalibrationSamples / 2), Inputs: CalibrationInputs.NonNegative));
                        }
                        correction = calib.Correction;
                    }
                    var core = BehavioralTile.BuildCore(cfg, @case.Programmed, correction, model);
                    var pred = @case.Voltages.Select(_ => new double[core.Outputs]).ToList();
                    // Time per MVM: after a warm-up pass, the best of 3 windows of about 10 ms each
                    // (the machine is shared, so the minimum is the least disturbed figure).
                    for (int s = 0; s < @case.Voltages.Length; s++) core.Currents(@case.Voltages[s], pred[s], null);
                    double us = double.PositiveInfinity;
                    for (int window = 0; window < 3; window++)
                    {
                        int reps = 0;
                        sw.Restart();
                        do
                        {
                            for (int s = 0; s < @case.Voltages.Length; s++) core.Currents(@case.Voltages[s], pred[s], null);
                            reps++;
                        } while (sw.ElapsedMilliseconds < 10);
                        us = Math.Min(us, sw.Elapsed.TotalMicroseconds / (reps * @case.Voltages.Length));
                    }
                    var (e, max) = Metrics.Nrmse(pred, @case.Truth);
                    rows.Add(new TileValidationRow(n, n, r, device, model.ToString().ToLowerInvariant(), e, max, us));
                }
            }
        return rows;
    }

    public static void WriteCsv(IEnumerable<TileValidationRow> rows, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("rows,cols,wire_r,device,model,nrmse,max_err,us_per_mvm");
        foreach (var r in rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Rows},{r.Cols},{r.WireR:R},{r.Device},{r.Model},{r.Nrmse:G6},{r.MaxErr:G6},{r.UsPerMvm:G6}"));
    }
}
