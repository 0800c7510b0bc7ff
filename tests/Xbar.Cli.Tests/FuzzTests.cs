using Xbar.Cli.Fuzzing;

namespace Xbar.Cli.Tests;

/// <summary>
/// The netlist fuzzer (`xbar fuzz`): seeded mutants of examples/ and of generated netlists through
/// `xbar sim` on both engines must never crash, print a stack trace, hang past the timeout, kill
/// the engine or refuse without file:line. The default run carries a sample; the slow run is the
/// full 10,000 netlists.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void AssertClean(int count, int seed)
    {
        var options = new FuzzOptions(count, seed, ["nodal", "ngspice"], 2, RepoPaths.Examples, _dir);
        var report = FuzzRunner.Run(options);
        var text = FuzzReportText.Format(options, report, 0);
        Assert.True(report.FailureCount == 0, text + "\n" + string.Join("\n", report.Failures.Select(f => File.ReadAllText(f.Split(": ")[0].Replace(".cir", ".txt")))));
        Assert.Equal(count, report.Netlists);
        // The mix reaches both the reader's refusals and the engines.
        Assert.True(report.Count("ngspice", FuzzVerdict.Accepted) > count / 10, text);
        Assert.True(report.Count("nodal", FuzzVerdict.Refused) > count / 10, text);
    }

    [Fact]
    public void When_SeededSampleOfMutantsRun_Expect_NoCrashHangOrUnlocatedRefusal() => AssertClean(200, 20260501);

    [Fact]
    [Trait("Category", "Slow")]
    public void When_TenThousandMutantsRun_Expect_NoCrashHangOrUnlocatedRefusal() => AssertClean(10_000, 2026);
}
