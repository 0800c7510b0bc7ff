using Xbar.Validation.Sharding;
using System.Text.Json;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.ReadCircuits;

namespace Xbar.Validation.Tests.ReadCircuits;

public class ReadSweepTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "xbar-readsweep-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    /// <summary>Counts runs and can fail after a given number, to stand for an interrupted job.</summary>
    private sealed class CountingRunner(int failAfter = int.MaxValue) : ITransientRunner
    {
        private readonly NgspiceProcessRunner _inner = new();
        private int _calls;
        public int Calls => _calls;

        public TransientResult Run(TransientRequest request, CancellationToken ct = default)
        {
            if (Interlocked.Increment(ref _calls) > failAfter) throw new ReadSimulationException("interrupted (test)");
            return _inner.Run(request, ct);
        }
    }

    // 3 TMR values x 2 state counts = 6 points, 2 draws each: one netlist per point.
    private static ReadSweepSpec Spec() => new(new[] { 1.0, 1.74, 3.0 }, new[] { 2, 4 }, bits: 2, mcRuns: 2, seed: 5);

    private string Run(string name, ShardSpec shard, CountingRunner runner)
    {
        string dir = Path.Combine(_root, name);
        new ReadSweepRunner(new CellReadMonteCarlo(runner), 2).Run(Spec(), shard, new ReadSweepStore(dir));
        return dir;
    }

    [Fact]
    public void When_SweepInterruptedThenRerun_Expect_NoRecomputeAndNoLostPoints()
    {
        var single = Run("single", ShardSpec.All, new CountingRunner());
        string dir = Path.Combine(_root, "resumed");
        var failing = new CountingRunner(failAfter: 2);
        Assert.Throws<ReadSimulationException>(() =>
            new ReadSweepRunner(new CellReadMonteCarlo(failing), 1).Run(Spec(), ShardSpec.All, new ReadSweepStore(dir)));
        var store = new ReadSweepStore(dir);
        Assert.Equal(2, store.LoadPoints().Count);
        Assert.Equal(3, File.ReadAllLines(store.SummaryPath).Length); // header + the 2 finished points

        var resume = new CountingRunner();
        new ReadSweepRunner(new CellReadMonteCarlo(resume), 2).Run(Spec(), ShardSpec.All, store);
        Assert.Equal(4, resume.Calls); // only the 4 missing points ran
        Assert.Equal(File.ReadAllText(Path.Combine(single, "summary.csv")), File.ReadAllText(store.SummaryPath));
        Assert.True(File.Exists(Path.Combine(dir, "latency_vs_tmr.png")));
    }

    [Fact]
    public void When_ShardsMerged_Expect_SameSummaryAsSingleRun()
    {
        var single = Run("single", ShardSpec.All, new CountingRunner());
        var a = Run("s0", new ShardSpec(0, 2), new CountingRunner());
        var b = Run("s1", new ShardSpec(1, 2), new CountingRunner());
        Assert.Equal(3, new ReadSweepStore(a).LoadPoints().Count);
        string merged = Path.Combine(_root, "merged");
        ReadSweepMerge.Merge(new[] { a, b }, merged);
        Assert.Equal(File.ReadAllText(Path.Combine(single, "summary.csv")), File.ReadAllText(Path.Combine(merged, "summary.csv")));
        var lines = File.ReadAllLines(Path.Combine(merged, "summary.csv"));
        Assert.Equal(ReadSweepStore.Header, lines[0]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void When_ResumedWithAnotherSeed_Expect_InvalidInput()
    {
        string dir = Path.Combine(_root, "seeded");
        new ReadSweepStore(dir).Prepare(new ReadSweepStore.RunSettings(1, 10, 2));
        Assert.Throws<InvalidInputException>(() => new ReadSweepStore(dir).Prepare(new ReadSweepStore.RunSettings(2, 10, 2)));
    }

    [Theory]
    [InlineData("2:1:0.5")]
    [InlineData("1:2:0")]
    [InlineData("1:2:-1")]
    [InlineData("a:b:c")]
    [InlineData("1:2")]
    public void When_TmrRangeEmptyOrMalformed_Expect_InvalidInput(string text)
    {
        Assert.Throws<InvalidInputException>(() => ReadSweepSpec.ParseRange(text, "--tmr-sweep"));
    }

    [Fact]
    public void When_TmrRangeGiven_Expect_InclusiveSteps()
    {
        Assert.Equal(new[] { 0.5, 1.0, 1.5, 2.0 }, ReadSweepSpec.ParseRange("0.5:2:0.5", "--tmr-sweep"));
        Assert.Equal(new[] { 1.74 }, ReadSweepSpec.ParseRange("1.74", "--tmr-sweep"));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(9, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 1)]
    public void When_BitsOrStatesInvalid_Expect_InvalidInput(int bits, int states)
    {
        Assert.Throws<InvalidInputException>(() => new ReadSweepSpec(new[] { 1.74 }, new[] { states }, bits, 10, 1));
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("0/0")]
    public void When_ShardMalformed_Expect_InvalidInput(string text)
    {
        Assert.Throws<InvalidInputException>(() => ShardSpec.Parse(text));
    }

    [Fact]
    public void When_OutputFolderUnwritable_Expect_InvalidInput()
    {
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<InvalidInputException>(() =>
            new ReadSweepStore(Path.Combine(file, "out")).Prepare(new ReadSweepStore.RunSettings(1, 1, 2)));
        Assert.Contains("not writable", e.Message);
    }

    [Fact]
    public void When_ThresholdsExported_Expect_BehavioralSchemaWithMeasuredOffsets()
    {
        Directory.CreateDirectory(_root);
        var mc = new CellReadMonteCarlo(new NgspiceProcessRunner());
        var point = new CellReadPoint(1.74, 4, 2, 100);
        string path = FlashThresholdExport.Write(point, 9, mc, _root);
        var spec = JsonSerializer.Deserialize<FlashAdcThresholds>(File.ReadAllText(path), TileConfigJson.Options)!;
        spec.Validate("test");
        var (_, adc) = mc.Design(point);
        var chip = mc.Draw(point, adc, 9, 0)[0];
        var taps = adc.TapVoltages(chip.LadderFactors);
        Assert.Equal(3, spec.Thresholds.Length);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(adc.Thresholds[k], spec.Thresholds[k], 12);
            Assert.Equal(taps[k] + chip.ComparatorOffsets[k], spec.EffectiveThresholds[k], 1e-5);
        }
        Assert.Equal(4, spec.Levels!.Length);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".csv")));
    }
}
