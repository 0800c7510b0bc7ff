using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Calibration;

/// <summary>Which input patterns calibration draws (<see cref="StructuredProblems.Inputs"/>): the inputs the tile will see.</summary>
public enum CalibrationInputs
{
    /// <summary>Non-negative patterns only: dense, sparse and full-scale (activations after ReLU).</summary>
    NonNegative,
    /// <summary>Signed inputs only, uniform in [-1, 1] of full scale (PCA projections).</summary>
    Signed,
    /// <summary>All four patterns in turn: a network's first (signed) and later (non-negative) layers.</summary>
    Mixed,
}

/// <summary>Options of <see cref="TileCalibrator"/>.</summary>
/// <param name="Samples">MVMs solved at circuit level (fit + held out).</param>
/// <param name="InputsPerWeight">Input vectors per weight matrix (they cycle through the input patterns).</param>
/// <param name="HeldOutFraction">Share of the weight matrices (with their inputs) kept out of the fit.</param>
/// <param name="Inputs">Input patterns; null = <see cref="TileCalibrator.DefaultInputs"/> of the config.</param>
public sealed record CalibrationOptions(int Samples = 48, int Seed = 1, int InputsPerWeight = 4, double HeldOutFraction = 0.25,
    CalibrationInputs? Inputs = null)
{
    public void Validate()
    {
        if (Samples < 4) throw new InvalidInputException($"--samples must be at least 4 (got {Samples})");
        if (InputsPerWeight < 1) throw new InvalidInputException($"inputs per weight must be at least 1 (got {InputsPerWeight})");
        if (HeldOutFraction is <= 0 or >= 1) throw new InvalidInputException("held-out fraction must be in (0, 1)");
        if (Inputs is { } d && !Enum.IsDefined(d)) throw new InvalidInputException($"calibration inputs: unknown distribution {d}");
    }
}

/// <summary>
/// One problem (public for validation): a programmed array, its input vectors (V) with the true output
/// currents (A), and each vector's family ("weights/inputs").
/// </summary>
public sealed record CalibrationCase(TileProgramming.Programmed Programmed, double[][] Voltages, double[][] Truth, double TruthSecondsPerMvm,
    string[]? Families = null)
{
    private TransferModel? _transfer;

    /// <summary>The case's <see cref="TransferModel"/>, built on first use (the costly part: about 2 x rows nodal solves).</summary>
    public TransferModel TransferFor(TileConfig config) => _transfer ??= BehavioralTile.BuildTransfer(config, Programmed);

    /// <summary>The family of vector <paramref name="s"/> ("weights/inputs", or "random" for cases made without one).</summary>
    public string Family(int s) => Families?[s] ?? "random";
}

/// <summary>
/// Fits the two coefficients of the transfer model (<see cref="IrDropCorrection"/>) to circuit
/// solves of structured problems (<see cref="StructuredProblems"/>: every weight pattern in turn, each
/// matrix read with inputs cycling through the input patterns), checks that they are physical, and
/// measures the error on held-out matrices of other patterns.
/// </summary>
/// <remarks>
/// The model is linear in both coefficients: I = T v + a N v^3 + b X(v), with a = cubic_scale and
/// b = cubic_scale x load_scale, so the fit is linear least squares on the output-current residual
/// I_true - T v divided by the truth's output range (the cost is the NRMSE validation reports).
/// The linear part T is exact and has nothing to fit, so the coefficients describe only the cells'
/// bias-dependent conductance: the fitted cubic_scale is the device's TMR curvature as the tile sees it.
/// A non-positive coefficient would mean a conductance falling with bias, the opposite of an MTJ
/// (or of any cell with a positive g3): such a fit is refused; one outside
/// <see cref="IrDropCorrection.CubicScaleRange"/> or <see cref="IrDropCorrection.LoadScaleRange"/> is
/// kept but flagged (<see cref="TileCalibration.Flags"/>).
/// </remarks>
public static class TileCalibrator
{
    public static TileCalibration Calibrate(TileConfig config, ICircuitTruth truth, CalibrationOptions options, Action<string>? log = null)
    {
        config.Validate();
        options.Validate();
        int matrices = Math.Max(2, (int)Math.Ceiling(options.Samples / (double)options.InputsPerWeight));
        int heldOut = Math.Clamp((int)Math.Round(matrices * options.HeldOutFraction), 1, matrices - 1);
        var inputs = options.Inputs ?? DefaultInputs(config);
        var patterns = InputPatterns(inputs);
        var weights = StructuredProblems.Weights;
        // The weight patterns in a seeded order, so held-out matrices are of other patterns than the fit's first ones.
        var order = Enumerable.Range(0, weights.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var cases = new List<CalibrationCase>();
        for (int k = 0; k < matrices; k++)
        {
            var wp = weights[order[k % order.Length]];
            log?.Invoke($"circuit solves {k + 1}/{matrices} ({truth.Name}, {wp.Name})");
            var rng = new Random(options.Seed * 7919 + k);
            var ips = Enumerable.Range(0, options.InputsPerWeight).Select(s => patterns[(s + k) % patterns.Count]).ToArray();
            cases.Add(MakeCase(config, truth, wp, ips, rng, options.Seed + 1000 * (k + 1)));
        }
        var fit = cases.Take(matrices - heldOut).ToList();
        var test = cases.Skip(matrices - heldOut).ToList();
        log?.Invoke("building the transfer models");
        var correction = Fit(config, fit);
        var flags = CheckPhysical(correction, config);
        double trainErr = Error(config, fit, correction).Nrmse;
        var (heldErr, heldMax) = Error(config, test, correction);
        double heldUncorrected = Error(config, test, IrDropCorrection.Identity).Nrmse;
        var families = FamilyErrors(config, test, correction, IrDropModel.Calibrated);
        return new TileCalibration(config.PhysicsHash, config, truth.Name, matrices * options.InputsPerWeight, options.Seed,
            correction, trainErr, heldErr, heldUncorrected, heldMax, test.Sum(c => c.Voltages.Length), inputs,
            TileCalibration.TransferModelName, families, flags);
    }

    /// <summary>
    /// The input patterns a config's tile is calibrated for by default: mixed. The DAC is
    /// sign-magnitude for every encoding, so signed inputs reach the array (a network's first layer
    /// gets PCA projections) while later layers get non-negative ReLU activations, dense or sparse.
    /// </summary>
    public static CalibrationInputs DefaultInputs(TileConfig config) => CalibrationInputs.Mixed;

    /// <summary>The input patterns of a distribution.</summary>
    public static IReadOnlyList<InputPattern> InputPatterns(CalibrationInputs inputs) => inputs switch
    {
        CalibrationInputs.NonNegative => StructuredProblems.Inputs.Where(p => !p.Signed).ToList(),
        CalibrationInputs.Signed => StructuredProblems.Inputs.Where(p => p.Signed).ToList(),
        CalibrationInputs.Mixed => StructuredProblems.Inputs,
        _ => throw new ArgumentOutOfRangeException(nameof(inputs)),
    };

    /// <summary>A case of <paramref name="weights"/> (drawn for the config's full array) read with one vector of each of <paramref name="inputs"/>.</summary>
    public static CalibrationCase MakeCase(TileConfig config, ICircuitTruth truth, WeightPattern weights, IReadOnlyList<InputPattern> inputs,
        Random rng, int seed)
    {
        int rows = config.Array.Rows;
        var w = weights.Make(FullOutputs(config), rows, rng);
        int active = weights.ActiveRows(rows);
        var x = inputs.Select(p => StructuredProblems.DrawInput(p, rows, active, rng)).ToArray();
        return MakeCase(config, truth, w, x, seed, inputs.Select(p => $"{weights.Name}/{p.Name}").ToArray());
    }

    /// <summary>A case of weights uniform in [-1, 1] with <paramref name="inputs"/> vectors uniform in 0..V_read (the former random regime).</summary>
    public static CalibrationCase MakeCase(TileConfig config, ICircuitTruth truth, int inputs, Random rng, int seed)
    {
        var dense = StructuredProblems.Input("dense");
        return MakeCase(config, truth, StructuredProblems.Weight("uniform"), Enumerable.Repeat(dense, inputs).ToArray(), rng, seed);
    }

    /// <summary>
    /// A case from given weights and inputs (x in units of input.input_max, one vector per row): the
    /// weights programmed on the full array with <paramref name="seed"/>, each input driven at
    /// x / input_max x V_read (no DAC rounding: the analog core is what is judged), solved by <paramref name="truth"/>.
    /// </summary>
    public static CalibrationCase MakeCase(TileConfig config, ICircuitTruth truth, double[,] w, double[][] x, int seed, string[]? families = null)
    {
        var p = TileProgramming.Program(config, w, seed, pad: true);
        double scale = config.Input.ReadVoltageV / config.Input.InputMax;
        var volts = x.Select(row =>
        {
            var v = new double[p.Mapped.Rows];
            for (int i = 0; i < Math.Min(row.Length, v.Length); i++) v[i] = Math.Clamp(row[i], -config.Input.InputMax, config.Input.InputMax) * scale;
            return v;
        }).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cols = truth.Solve(p.Spec, p.Cells, volts);
        double seconds = clock.Elapsed.TotalSeconds / Math.Max(1, volts.Length);
        return new CalibrationCase(p, volts, cols.Select(c => Logical(c, p.Mapped)).ToArray(), seconds, families);
    }

    /// <summary>Outputs of the widest weight matrix the config's array holds.</summary>
    public static int FullOutputs(TileConfig config)
    {
        int outs = config.Mapping.Signed == SignedMapping.Differential ? config.Array.Cols / 2 : config.Array.Cols - 1;
        if (outs < 1) throw new InvalidInputException("array.cols: too few columns for one output");
        return outs;
    }

    /// <summary>Output currents (A) of physical column currents: plus column minus minus column.</summary>
    public static double[] Logical(IReadOnlyList<double> columns, Mapping.MappedWeights map)
    {
        var y = new double[map.Outputs];
        for (int o = 0; o < y.Length; o++) y[o] = columns[map.PlusColumn[o]] - columns[map.MinusColumn[o]];
        return y;
    }

    /// <summary>Model output currents of every case's vectors for an IR-drop option.</summary>
    public static List<double[]> Predict(TileConfig config, IReadOnlyList<CalibrationCase> cases, IrDropCorrection k, IrDropModel model = IrDropModel.Calibrated)
    {
        var all = new List<double[]>();
        foreach (var c in cases)
        {
            var core = model is IrDropModel.Exact or IrDropModel.Calibrated
                ? BehavioralTile.BuildCore(config, c.Programmed, k, model, c.TransferFor(config))
                : BehavioralTile.BuildCore(config, c.Programmed, k, model);
            foreach (var v in c.Voltages)
            {
                var y = new double[core.Outputs];
                core.Currents(v, y, (Random?)null);
                all.Add(y);
            }
        }
        return all;
    }

    /// <summary>NRMSE (RMSE / range of the truth) and max |error| / range over the cases.</summary>
    public static (double Nrmse, double MaxError) Error(TileConfig config, IReadOnlyList<CalibrationCase> cases, IrDropCorrection k,
        IrDropModel model = IrDropModel.Calibrated) =>
        Metrics.Nrmse(Predict(config, cases, k, model), cases.SelectMany(c => c.Truth).ToList());

    /// <summary>NRMSE and max error per family ("weights/inputs"), each over that family's vectors and range.</summary>
    public static List<FamilyError> FamilyErrors(TileConfig config, IReadOnlyList<CalibrationCase> cases, IrDropCorrection k, IrDropModel model)
    {
        var pred = Predict(config, cases, k, model);
        var rows = cases.SelectMany(c => c.Truth.Select((t, s) => (Family: c.Family(s), Truth: t))).ToList();
        return rows.Select((r, i) => (r.Family, r.Truth, Pred: pred[i]))
            .GroupBy(r => r.Family)
            .Select(g =>
            {
                var (e, max) = Metrics.Nrmse(g.Select(r => r.Pred).ToList(), g.Select(r => r.Truth).ToList());
                return new FamilyError(g.Key, e, max);
            }).ToList();
    }

    /// <summary>
    /// Least squares for (a, b) in I_true - T v = a N v^3 + b X(v) over every output of every fit
    /// case. A coefficient is fitted only where the data determine it, judged by its standard error
    /// from the residual (the textbook least-squares estimate): a (with b = a) must be known to 0.25,
    /// else both stay 1 (a tile with hardly any bias-dependent current); load_scale b/a must be known
    /// to 0.25, else it stays 1 (on a 4x4 tile the load term is 1e-3 of N, and a free b would only
    /// soak up higher-order model error).
    /// </summary>
    private static IrDropCorrection Fit(TileConfig config, IReadOnlyList<CalibrationCase> cases)
    {
        if (cases.All(c => c.Programmed.Cells.IsLinear)) return IrDropCorrection.Identity; // the transfer is exact: nothing to fit
        double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0, rr = 0;
        long points = 0;
        foreach (var c in cases)
        {
            var model = c.TransferFor(config);
            for (int s = 0; s < c.Voltages.Length; s++)
            {
                var (lin, cub, load) = model.Terms(c.Voltages[s]);
                var y0 = Logical(lin, c.Programmed.Mapped);
                var f1 = Logical(cub, c.Programmed.Mapped);
                var f2 = Logical(load, c.Programmed.Mapped);
                for (int o = 0; o < y0.Length; o++)
                {
                    double r = c.Truth[s][o] - y0[o];
                    s11 += f1[o] * f1[o]; s12 += f1[o] * f2[o]; s22 += f2[o] * f2[o];
                    r1 += f1[o] * r; r2 += f2[o] * r; rr += r * r;
                    points++;
                }
            }
        }
        // Sum of squared residuals for coefficients (a, b).
        double Sse(double a, double b) => Math.Max(0, rr - 2 * (a * r1 + b * r2) + a * a * s11 + 2 * a * b * s12 + b * b * s22);
        double sf = s11 + 2 * s12 + s22;
        if (sf <= 0) return IrDropCorrection.Identity;
        double one = (r1 + r2) / sf;
        double seOne = Math.Sqrt(Sse(one, one) / Math.Max(1, points - 1) / sf);
        if (!(seOne <= 0.25)) return IrDropCorrection.Identity;
        double det = s11 * s22 - s12 * s12;
        if (det > 1e-12 * s11 * s22)
        {
            double a = (r1 * s22 - r2 * s12) / det, b = (s11 * r2 - s12 * r1) / det;
            double seB = Math.Sqrt(Sse(a, b) / Math.Max(1, points - 2) * s11 / det);
            if (a != 0 && seB / Math.Abs(a) <= 0.25) return new IrDropCorrection(a, b / a);
        }
        return new IrDropCorrection(one, 1.0);
    }

    /// <summary>
    /// Refuses (InvalidInputException) a fit whose bias-dependent coefficients are not positive, and
    /// returns a flag for each coefficient outside its physical range.
    /// </summary>
    public static List<string> CheckPhysical(IrDropCorrection k, TileConfig config)
    {
        double vh = config.Device.TmrHalfVoltageV;
        string device = config.Device.Kind.ToString().ToLowerInvariant();
        if (!(k.CubicScale > 0))
            throw new InvalidInputException(
                $"calibration: the fit gives cubic_scale = {k.CubicScale:G4}, a cell conductance that falls with bias; the {device} cells' rises " +
                "(TMR falls with bias: Zhang et al. 2012, IEEE TED 59(3):819), so the transfer model does not describe this tile and the calibration is refused");
        if (!(k.LoadScale > 0))
            throw new InvalidInputException(
                $"calibration: the fit gives load_scale = {k.LoadScale:G4}: the other rows' currents would raise the cells' bias instead of lowering it; refused");
        var flags = new List<string>();
        var (lo, hi) = IrDropCorrection.CubicScaleRange;
        if (k.CubicScale < lo || k.CubicScale > hi)
            flags.Add(config.Device.Kind == DeviceKind.Mtj
                ? $"cubic_scale {k.CubicScale:G4} is outside [{lo}, {hi}]: an effective TMR half-bias voltage of {k.EffectiveHalfBiasV(vh):G3} V against the device's {vh:G3} V; the fit absorbs model error"
                : $"cubic_scale {k.CubicScale:G4} is outside [{lo}, {hi}]: the fit absorbs model error");
        var (llo, lhi) = IrDropCorrection.LoadScaleRange;
        if (k.LoadScale < llo || k.LoadScale > lhi)
            flags.Add($"load_scale {k.LoadScale:G4} is outside [{llo}, {lhi}]: the bit-line load term is off by more than a factor two");
        return flags;
    }
}

/// <summary>A family's error on held-out problems: NRMSE and max |error| over its output range.</summary>
public sealed record FamilyError(string Family, double Nrmse, double MaxError);

/// <summary>Error metrics shared by calibration and validation.</summary>
public static class Metrics
{
    public static (double Lo, double Hi) Range(IEnumerable<double[]> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var r in values) foreach (double v in r) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        return (lo, hi);
    }

    /// <summary>RMSE / (max - min of truth) and max |error| / (max - min of truth).</summary>
    public static (double Nrmse, double MaxError) Nrmse(IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> truth)
    {
        var (lo, hi) = Range(truth);
        double range = hi > lo ? hi - lo : 1.0;
        double ss = 0, max = 0; long n = 0;
        for (int s = 0; s < truth.Count; s++)
            for (int o = 0; o < truth[s].Length; o++)
            {
                double e = predicted[s][o] - truth[s][o];
                ss += e * e; max = Math.Max(max, Math.Abs(e)); n++;
            }
        return (Math.Sqrt(ss / Math.Max(n, 1)) / range, max / range);
    }
}
