using Xbar.Validation.Studies.Hwa;

namespace Xbar.Validation.Tests.Studies;

/// <summary>The verdict on Luquin et al.'s shape from constructed accuracies (ten classes: chance is 10 %).</summary>
public sealed class HwaVerdictTests
{
    private static HwaResults Results(double plainIr, double noiseIr)
    {
        var o = new HwaStudyOptions { Times = [3600], MtjSizes = [64] };
        var models = HwaModels.All(o);
        var points = HwaTilePoints.All(o);
        var floats = models.ToDictionary(m => m.Key, _ => 0.85);
        var tiles = new Dictionary<(string, string), double[]>();
        foreach (var m in models)
            foreach (var p in points)
                tiles[(m.Key, p.Key)] = [p.Kind == HwaTileKind.Ideal ? 0.85 : 0.75];
        // PCM: plain loses 10 points, the noise fine-tune 2 (80 % recovered).
        tiles[("noise", "pcm-t3600")] = [0.83];
        tiles[("plain", "mtj64-ir")] = [plainIr];
        tiles[("noise", "mtj64-ir")] = [noiseIr];
        return new HwaResults(models, points, floats, tiles, classes: 10);
    }

    [Fact]
    public void When_IrDropLeavesThePlainModelNearChance_Expect_ThatSizeNotJudged_AndNoVerdictOnTheShape()
    {
        string verdict = HwaReport.Verdict(Results(plainIr: 0.115, noiseIr: 0.115));
        Assert.Contains("near chance, 11.50 %: not judged", verdict);
        Assert.Contains("Inconclusive", verdict);
        Assert.DoesNotContain("The expected shape holds", verdict);
    }

    [Fact]
    public void When_NoiseRecoversMostOfThePcmLossAndLittleOfAnIrLossAboveChance_Expect_TheShapeHolds()
    {
        // IR drop: plain 75 -> 45 % (30 points), noise 75 -> 46 % (29 points): 3 % recovered, against 80 % on PCM.
        string verdict = HwaReport.Verdict(Results(plainIr: 0.45, noiseIr: 0.46));
        Assert.Contains("80 % recovered", verdict);
        Assert.Contains("3 % recovered", verdict);
        Assert.Contains("The expected shape holds", verdict);
    }
}
