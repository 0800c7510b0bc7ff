using Xbar.Circuits.Cost;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>The fitted cost model: least squares, the fit of a law it can represent, its file and its guard.</summary>
public class CostModelFitTests
{
    [Fact]
    public void When_OverdeterminedLinearSystem_Expect_LeastSquaresOfNormalEquations()
    {
        // y = 2 + 3 x exactly on four points.
        var x = new[] { new[] { 1.0, 0 }, [1, 1], [1, 2], [1, 3] };
        var theta = CostModelFit.LeastSquares(x, [2, 5, 8, 11]);
        Assert.Equal(2, theta[0], 1e-6);
        Assert.Equal(3, theta[1], 1e-6);
    }

    /// <summary>Samples whose array share follows a power law and whose delays are linear in the bits, as the model assumes.</summary>
    private static List<CostSample> LawSamples(TileCostConfig @base)
    {
        var list = new List<CostSample>();
        foreach (int r in new[] { 16, 32, 64, 128 })
            foreach (int cols in new[] { 16, 64, 128 })
                foreach (var inputs in new[] { InputStatistics.Dense, InputStatistics.Sparse, InputStatistics.FullScale })
                    foreach (int b in new[] { 4, 6, 8 })
                    {
                        double a = inputs.MeanSquareLevel;
                        double e = 1e-15 * r * cols * a; // energies and powers proportional to R C a
                        double delay = 0.3e-9 * b + 0.01e-9 * Math.Log(r);
                        var window = new ArrayWindow(e, 2 * e, 3 * e, e * 1e9, 2 * e * 1e9, 3 * e * 1e9,
                            TileMvmTransient.AmplitudeWindow(@base with { Array = @base.Arr with { Rows = r, Cols = cols } }), 1e-10);
                        list.Add(new CostSample("pcm", "amplitude", r, cols, inputs.Name, inputs.MeanLevel, a, 1, "nodal", "sar", b,
                            new EnergyBreakdown(1, 1, 1, 1, 1, 1), new LatencyBreakdown(1e-10, delay, 1e-9), 0, window, 0, 0));
                    }
        return list;
    }

    [Fact]
    public void When_SamplesFollowTheModelsLaw_Expect_FitReproducesThem()
    {
        var @base = new TileCostConfig().Validate();
        var samples = LawSamples(@base);
        var model = CostModelFit.Fit(samples, @base, "law");
        var g = model.For("pcm", "amplitude");
        foreach (var s in samples.Take(30))
        {
            var phi = FittedTileCostModel.EnergyFeatures(s.Rows, s.Cols, s.MeanSquareLevel);
            Assert.Equal(Math.Log(s.Window.Cells), g.WindowEnergy[1].Zip(phi, (t, f) => t * f).Sum(), 1e-4);
            var psi = FittedTileCostModel.DelayFeatures(s.Rows, s.Cols, s.MeanSquareLevel, s.Bits);
            Assert.Equal(s.Latency.Array + s.Latency.Readout - 1e-10, g.ReadDelay.Zip(psi, (t, f) => t * f).Sum(), 1e-14);
        }
    }

    [Fact]
    public void When_ModelSavedAndLoaded_Expect_SamePrediction()
    {
        var @base = new TileCostConfig().Validate();
        var model = CostModelFit.Fit(LawSamples(@base), @base, "law");
        string path = Path.Combine(Path.GetTempPath(), $"xbar-cost-model-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            var back = FittedTileCostModel.Load(path);
            var tile = @base with { Array = @base.Arr with { Rows = 64, Cols = 64, Cell = "pcm" }, Adc = @base.Conv with { Type = "sar" } };
            Assert.Equal(model.Mvm(tile, InputStatistics.Dense).Energy.Total, back.Mvm(tile, InputStatistics.Dense).Energy.Total, 1e-24);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void When_TileDiffersFromTheFitsTechnology_Expect_InvalidInputNamingIt()
    {
        var @base = new TileCostConfig().Validate();
        var model = CostModelFit.Fit(LawSamples(@base), @base, "law");
        var tile = @base with { Array = @base.Arr with { Cell = "pcm", DriverROhm = 10 } };
        var e = Assert.Throws<InvalidInputException>(() => model.Mvm(tile, InputStatistics.Dense));
        Assert.Contains("array.driver_r_ohm", e.Message);
    }
}
