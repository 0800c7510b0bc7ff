using Xbar.Behavioral.Data;
using Xbar.Validation.Studies;

namespace Xbar.Validation.Tests.Studies;

public sealed class StudyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-study-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void When_PowerLawDataFitted_Expect_KnownExponentAndPrefactorRecovered()
    {
        double[] x = [4, 8, 16, 32, 64, 128, 256];
        var y = x.Select(v => 0.37 * Math.Pow(v, 0.62)).ToArray();
        var (a, b) = ScalingStudy.PowerLaw(x, y);
        Assert.Equal(0.62, b, 1e-10);
        Assert.Equal(0.37, a, 1e-10);
    }

    [Fact]
    public void When_ScalingStudyRuns_Expect_RandomErrorNearSqrtRowsAndSystematicSteeper()
    {
        var result = ScalingStudy.Run(new ScalingOptions { Sizes = [8, 32, 128], Draws = 6, Products = 20, SigmaNl = 100, SigmaPerp = 100 }, _dir);
        var random = result.Fits.Single(f => f is { Weights: "non-negative", Source: "random", Axis: "rows" });
        var systematic = result.Fits.Single(f => f is { Weights: "non-negative", Source: "systematic", Axis: "rows" });
        // Independent per-cell offsets add in quadrature over m inputs: exponent 1/2.
        Assert.InRange(random.Exponent, 0.35, 0.65);
        Assert.InRange(result.Fits.Single(f => f is { Weights: "signed", Source: "random", Axis: "rows" }).Exponent, 0.35, 0.65);
        // A per-state offset shared by every cell adds coherently over same-sign weights: exponent 1.
        Assert.InRange(systematic.Exponent, 0.8, 1.2);
        // Per-output error does not depend on the number of columns.
        Assert.InRange(result.Fits.Single(f => f is { Weights: "signed", Source: "random", Axis: "cols" }).Exponent, -0.2, 0.2);
        Assert.True(File.Exists(Path.Combine(_dir, "scaling.csv")));
        Assert.True(new FileInfo(Path.Combine(_dir, "scaling.png")).Length > 1000);
        Assert.Contains("Moureaux", File.ReadAllText(Path.Combine(_dir, "scaling.md")));
    }

    [Fact]
    public void When_NStatesStudyRuns_Expect_FilesAndOneNoptPerDraw()
    {
        var result = NStatesStudy.Run(new NStatesOptions { MaxStates = 6, SigmaPerp = [0, 400], Draws = 5, Products = 20 }, _dir);
        var lines = File.ReadAllLines(Path.Combine(_dir, "nstates-nopt.csv")).Skip(1).ToArray();
        // 2 offset models x 2 sigma_perp, counts summing to the draws each.
        foreach (var group in lines.Select(l => l.Split(',')).GroupBy(f => (f[0], f[1])))
            Assert.Equal(5, group.Sum(f => int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(4, lines.Select(l => string.Join(",", l.Split(',')[..2])).Distinct().Count());
        Assert.True(new FileInfo(Path.Combine(_dir, "nstates.png")).Length > 1000);
        Assert.Contains("N_opt", result.Summary);
    }

    [Fact]
    public void When_PcaStudyRunsOnSmallSubset_Expect_RowsPerComponentAndSeedAndHardwareNotAboveSoftwarePlusNoise()
    {
        var split = DatasetLoader.Load(ShippedDirectory()).Take(1500, 400);
        var result = PcaStudy.Run(new PcaStudyOptions { Components = [0, 20], Seeds = [1, 2], Hidden = [16], Epochs = 4, LearningRate = 1e-2, CalibrationSamples = 16 }, split, _dir);
        Assert.Equal(4, result.Rows.Count);
        Assert.Equal(2, result.Aggregates.Count);
        Assert.All(result.Rows, r => Assert.InRange(r.Software, 0.6, 1.0));
        Assert.All(result.Rows, r => Assert.InRange(r.HardwareMse, 0.3, r.Software + 0.05));
        Assert.All(result.Rows, r => Assert.InRange(r.HardwareMax, 0.3, r.Software + 0.05));
        // The aggregate is the mean of its seeds' gaps, in points.
        Assert.All(result.Rows, r => Assert.InRange(r.ZeroedByMaxClip, 0.0, 1.0 - 1.0 / (16 * 784))); // the largest weight is never zeroed
        var raw = result.Aggregates.Single(a => a.Components == 0);
        Assert.Equal(100 * result.Rows.Where(r => r.Components == 0).Average(r => r.GapMse), raw.GapMse, 9);
        var md = File.ReadAllText(Path.Combine(_dir, "pca.md"));
        Assert.Contains("first 1500 train", md);
        Assert.Contains("standard error", md);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_dir, "pca.csv")).Length);
    }

    [Fact]
    public void When_SmallNetworkWithMaxClip_Expect_PcaSilencesFewerWeightsAndNarrowsTheGap()
    {
        // The mechanism behind the PCA result (Moureaux 2026): a clip at max |w| rounds the many small
        // weights of a raw-pixel first layer to zero, and a small hidden layer cannot absorb that.
        var split = DatasetLoader.Load(ShippedDirectory());
        var result = PcaStudy.Run(new PcaStudyOptions { Components = [0, 64], Seeds = [1, 2], Hidden = [16], CalibrationSamples = 8 }, split, _dir);
        var raw = result.Aggregates.Single(a => a.Components == 0);
        var pca = result.Aggregates.Single(a => a.Components == 64);
        Assert.True(raw.ZeroedByMaxClip > pca.ZeroedByMaxClip + 0.05, $"zeroed: raw {raw.ZeroedByMaxClip:P0}, PCA {pca.ZeroedByMaxClip:P0}");
        Assert.True(raw.GapMax > pca.GapMax + 1.0, $"gap with the max clip: raw {raw.GapMax:F2}, PCA {pca.GapMax:F2} points");
    }

    private static string ShippedDirectory([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "validation", "data", "mnist10k"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "validation", "data", "mnist10k");
    }
}
