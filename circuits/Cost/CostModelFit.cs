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
/// Fits <see cref="FittedTileCostModel"/> to measured samples by linear least squares on the
/// logarithm of each target (ridge-stabilised normal equations, column-scaled, lambda = 1e-9 of the
/// largest diagonal entry, so a sweep that varies fewer features than the model has still gives a
/// defined fit), and measures its residual.
/// </summary>
public static class CostModelFit
{
    /// <summary>The fit of every (cell, encoding) in <paramref name="samples"/>, made with config <paramref name="base"/>.</summary>
    public static FittedTileCostModel Fit(IReadOnlyList<CostSample> samples, TileCostConfig @base, string source)
    {
        var groups = ArraySamples(samples).GroupBy(s => (s.Cell, s.Encoding))
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
            var y = model.Predict(s.Cell, s.Encoding, s.Rows, s.Cols, FittedTileCostModel.Activity(s.Encoding, s.MeanLevel, s.MeanSquareLevel), s.Bits);
            var cost = MvmCostAssembly.Assemble(config, s.Bits, config.Conv.Kind, y[0], y[1], y[2], y[3], y[4]);
            e.Add(Math.Abs(cost.Energy.Total / s.Energy.Total - 1));
            l.Add(Math.Abs(cost.Latency.Total / s.Latency.Total - 1));
        }
        return (e.ToArray(), l.ToArray());
    }

    private static double Rms(double[] x) => Math.Sqrt(x.Sum(v => v * v) / x.Length);

    /// <summary>One ADC kind's samples: the array's share and times do not depend on the ADC kind.</summary>
    private static IEnumerable<CostSample> ArraySamples(IEnumerable<CostSample> samples)
    {
        var list = samples.ToList();
        string kind = list.Select(s => s.Adc).Distinct().Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
        return list.Where(s => s.Adc == kind);
    }

    /// <summary>The five targets of a sample, in the order of <see cref="FittedTileCostModel.Targets"/>.</summary>
    private static double[] TargetsOf(CostSample s) =>
    [
        s.DriversArray, s.Energy.Cells, s.Energy.Wires, s.Latency.Array, s.Latency.Array + s.Latency.Readout,
    ];

    private static FittedTileCostModel.Group FitGroup(string cell, string encoding, List<CostSample> samples)
    {
        var x = samples.Select(s => FittedTileCostModel.Features(s.Rows, s.Cols,
            FittedTileCostModel.Activity(s.Encoding, s.MeanLevel, s.MeanSquareLevel), s.Bits)).ToArray();
        var coefficients = new double[FittedTileCostModel.Targets.Count][];
        for (int t = 0; t < coefficients.Length; t++)
        {
            var y = samples.Select(s => Math.Log(Math.Max(TargetsOf(s)[t], 1e-30))).ToArray();
            coefficients[t] = LeastSquares(x, y);
        }
        return new FittedTileCostModel.Group(cell, encoding, coefficients, samples.Min(s => s.Rows), samples.Max(s => s.Rows),
            samples.Min(s => s.Cols), samples.Max(s => s.Cols), samples.Count);
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
