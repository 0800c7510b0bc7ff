using MathNet.Numerics.LinearAlgebra;

namespace Xbar.Circuits.Cost;

/// <summary>
/// How well the fitted cost reproduces the transients it was fitted to, per cell type, encoding
/// and array size (reported like the tile's IR-drop error): relative error of the total energy and
/// of the total latency of each MVM (RMS and worst over inputs, seeds and ADC bits), in-sample and
/// held out (the size left out of the fit, so the error of using the model at a size it has not seen).
/// </summary>
public sealed record CostFitResidual(string Cell, string Encoding, int Rows, int Cols, int Samples,
    double EnergyRms, double EnergyWorst, double LatencyRms, double LatencyWorst, double HeldOutEnergyWorst, double HeldOutLatencyWorst);

/// <summary>
/// Fits <see cref="FittedTileCostModel"/> to measured samples by linear least squares (on the
/// logarithm of the energies and powers, on the delays themselves), with ridge-stabilised normal
/// equations (column-scaled, lambda = 1e-9 of the largest diagonal entry, so a sweep that varies
/// fewer features than the model has still gives a defined fit), and measures its residual.
/// </summary>
public static class CostModelFit
{
    /// <summary>The fit of every (cell, encoding) in <paramref name="samples"/>, made with config <paramref name="base"/>.</summary>
    public static FittedTileCostModel Fit(IReadOnlyList<CostSample> samples, TileCostConfig @base, string source)
    {
        var groups = samples.GroupBy(s => (s.Cell, s.Encoding))
            .Select(g => FitGroup(g.Key.Cell, g.Key.Encoding, g.ToList()))
            .ToList();
        if (groups.Count == 0) throw new InvalidInputException("no cost samples to fit");
        return new FittedTileCostModel(@base.Validate(), groups, source);
    }

    /// <summary>In-sample and held-out residuals of a fit of <paramref name="samples"/> per cell, encoding and size.</summary>
    public static IReadOnlyList<CostFitResidual> Residuals(IReadOnlyList<CostSample> samples, TileCostConfig @base)
    {
        var model = Fit(samples, @base, "residuals");
        var list = new List<CostFitResidual>();
        var groups = samples.GroupBy(s => (s.Cell, s.Encoding, s.Rows, s.Cols))
            .OrderBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Encoding, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Rows).ThenBy(g => g.Key.Cols);
        foreach (var group in groups)
        {
            var (cell, encoding, rows, cols) = group.Key;
            var rest = samples.Where(s => s.Cell == cell && s.Encoding == encoding && (s.Rows != rows || s.Cols != cols)).ToList();
            var held = rest.Count > 0 ? Fit(rest, @base, "held out") : model;
            var (eIn, lIn) = Errors(model, group, @base);
            var (eOut, lOut) = Errors(held, group, @base);
            list.Add(new CostFitResidual(cell, encoding, rows, cols, group.Count(), Rms(eIn), eIn.Max(), Rms(lIn), lIn.Max(), eOut.Max(), lOut.Max()));
        }
        return list;
    }

    /// <summary>The config of a sample: <paramref name="base"/> with the sample's size, cell, encoding and ADC.</summary>
    public static TileCostConfig ConfigOf(CostSample s, TileCostConfig @base) => @base with
    {
        Array = @base.Arr with { Rows = s.Rows, Cols = s.Cols, Cell = s.Cell },
        Input = @base.In with { Encoding = s.Encoding },
        Adc = @base.Conv with { Type = s.Adc, Bits = s.Bits },
    };

    private static (double[] Energy, double[] Latency) Errors(FittedTileCostModel model, IEnumerable<CostSample> samples, TileCostConfig @base)
    {
        var e = new List<double>();
        var l = new List<double>();
        foreach (var s in samples)
        {
            var config = ConfigOf(s, @base);
            var cost = model.Predict(config, s.MeanLevel, s.MeanSquareLevel, s.Bits, config.Conv.Kind);
            e.Add(Math.Abs(cost.Energy.Total / s.Energy.Total - 1));
            l.Add(Math.Abs(cost.Latency.Total / s.Latency.Total - 1));
        }
        return (e.ToArray(), l.ToArray());
    }

    private static double Rms(double[] x) => Math.Sqrt(x.Sum(v => v * v) / x.Length);

    private static FittedTileCostModel.Group FitGroup(string cell, string encoding, List<CostSample> samples)
    {
        // The window's energies and powers do not depend on the ADC: one sample per transient.
        var transients = samples.Where(s => s.Adc == samples[0].Adc && s.Bits == samples[0].Bits).ToList();
        double Activity(CostSample s) => FittedTileCostModel.Activity(s.Encoding, s.MeanLevel, s.MeanSquareLevel);
        var phi = transients.Select(s => FittedTileCostModel.EnergyFeatures(s.Rows, s.Cols, Activity(s))).ToArray();
        double[] LogFit(Func<ArrayWindow, double> y) => LeastSquares(phi, transients.Select(s => Math.Log(Math.Max(y(s.Window), 1e-30))).ToArray());
        var window = new[] { LogFit(w => w.Drivers), LogFit(w => w.Cells), LogFit(w => w.Wires) };
        double[][]? power = string.Equals(encoding, "amplitude", StringComparison.OrdinalIgnoreCase)
            ? [LogFit(w => w.DriverPower), LogFit(w => w.CellPower), LogFit(w => w.WirePower)]
            : null;
        var one = samples.Where(s => s.Adc == samples[0].Adc).ToList();
        var arrayDelay = DelayFit(one, s => s.Latency.Array - s.Window.AppliedAt, Activity);
        var readDelay = DelayFit(one, s => s.Latency.Array + s.Latency.Readout - s.Window.AppliedAt, Activity);
        return new FittedTileCostModel.Group(cell, encoding, window, power, arrayDelay, readDelay,
            samples.Min(s => s.Rows), samples.Max(s => s.Rows), samples.Min(s => s.Cols), samples.Max(s => s.Cols), transients.Count);
    }

    /// <summary>A delay fitted where it is positive (zero delays are the floor the model's max(0, .) gives anyway); all zeros when it never is.</summary>
    private static double[] DelayFit(List<CostSample> samples, Func<CostSample, double> delay, Func<CostSample, double> activity)
    {
        var positive = samples.Where(s => delay(s) > 0).ToList();
        if (positive.Count == 0) return new double[FittedTileCostModel.DelayFeatureCount];
        var psi = positive.Select(s => FittedTileCostModel.DelayFeatures(s.Rows, s.Cols, activity(s), s.Bits)).ToArray();
        return LeastSquares(psi, positive.Select(delay).ToArray());
    }

    /// <summary>argmin |X theta - y|^2 + lambda |D theta|^2 with D the column norms (ridge on scaled columns).</summary>
    public static double[] LeastSquares(double[][] x, double[] y)
    {
        int p = x[0].Length;
        var a = Matrix<double>.Build.DenseOfRowArrays(x);
        var scale = Enumerable.Range(0, p).Select(j => Math.Max(a.Column(j).L2Norm(), 1e-300)).ToArray();
        var scaled = Matrix<double>.Build.Dense(a.RowCount, p, (i, j) => a[i, j] / scale[j]);
        var normal = scaled.TransposeThisAndMultiply(scaled);
        double lambda = 1e-9 * Enumerable.Range(0, p).Max(j => normal[j, j]);
        for (int j = 0; j < p; j++) normal[j, j] += lambda;
        var rhs = scaled.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(y));
        var theta = normal.Cholesky().Solve(rhs);
        return Enumerable.Range(0, p).Select(j => theta[j] / scale[j]).ToArray();
    }
}
