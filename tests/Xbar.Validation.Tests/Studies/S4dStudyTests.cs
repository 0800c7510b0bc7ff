using Xbar.Behavioral.Data.Speech;
using Xbar.Validation.Studies.S4d;

namespace Xbar.Validation.Tests.Studies;

/// <summary>
/// `xbar study s4d` at reduced size: a small spoken-digit set of its own (espeak-ng, in a temporary
/// cache), a few epochs, two weight widths and two noise levels, and sequential Fashion-MNIST capped
/// to a few hundred sequences.
/// </summary>
public sealed class S4dStudyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-s4d-study-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private S4dStudyOptions Reduced => new()
    {
        Digits = new SpokenDigitsConfig(Repetitions: 2, MaxSpeakers: 12), DigitsCache = Path.Combine(_dir, "cache"),
        Hidden = 6, Modes = 6, Epochs = 3, QatEpochs = 1, FashionEpochs = 1, FashionQatEpochs = 1, MaxTrain = 300, MaxTest = 100,
        Bits = [2, 4], SigmasMicroSiemens = [0, 5], NoiseSeeds = [1, 2], DriftSequences = 8, CalibrationSamples = 8,
    };

    [Fact]
    [Trait("Category", "Slow")]
    public void When_StudyRunsTwice_Expect_EveryFileAndTheSecondRunToReuseEveryPointWithTheSameResults()
    {
        string outDir = Path.Combine(_dir, "out");
        var first = S4dStudy.Run(Reduced, outDir, _ => { });
        foreach (var name in new[] { "accuracy.csv", "noise.csv", "drift.csv", "noise.png", "drift.png", "summary.md" })
            Assert.True(File.Exists(Path.Combine(outDir, name)), name);
        Assert.Contains("95.06 %", first.Summary);
        Assert.Contains("81.69 %", first.Summary);
        Assert.Contains("sequential Fashion-MNIST", first.Summary);
        // 3 tasks x (5 accuracy rows + 3 MTJ error-split rows) + one more width on "zero"/"one"; 2 widths x 2 sigmas.
        var accuracy = File.ReadAllLines(Path.Combine(outDir, "accuracy.csv"));
        Assert.Equal(1 + 3 * 8 + 1, accuracy.Length);
        Assert.Equal(1 + 2 * 2, File.ReadAllLines(Path.Combine(outDir, "noise.csv")).Length);
        // Drift: 2 models x 3 crossbars, one line per step of the 100-frame utterances.
        Assert.Equal(1 + 2 * 3 * 100, File.ReadAllLines(Path.Combine(outDir, "drift.csv")).Length);
        var points = Directory.GetFiles(Path.Combine(outDir, "points")).Length;

        var second = S4dStudy.Run(Reduced, outDir, _ => { });
        Assert.Contains($"{points} points read from an earlier run", second.Summary);
        Assert.Equal(accuracy, File.ReadAllLines(Path.Combine(outDir, "accuracy.csv")));
        Assert.Equal(points, Directory.GetFiles(Path.Combine(outDir, "points")).Length);
    }

    [Fact]
    public void When_OptionsAreOutOfRange_Expect_InvalidInputNamingTheOption()
    {
        Assert.Contains("--bits", Assert.Throws<InvalidInputException>(() => new S4dStudyOptions { Bits = [1] }.Validate()).Message);
        Assert.Contains("--sigmas", Assert.Throws<InvalidInputException>(() => new S4dStudyOptions { SigmasMicroSiemens = [-1] }.Validate()).Message);
        Assert.Contains("--lr", Assert.Throws<InvalidInputException>(() => new S4dStudyOptions { LearningRate = 0 }.Validate()).Message);
    }
}
