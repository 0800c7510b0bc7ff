using System.Diagnostics;

namespace Xbar.Netlists.Tests;

/// <summary>
/// The model-parameter table the reader checks .model cards against must be what the installed
/// ngspice knows: regenerated from its own <c>devhelp</c> output, it must match the committed file.
/// </summary>
public class NgspiceVocabularyTests
{
    [Fact]
    public void When_TableRegeneratedFromInstalledNgspice_Expect_SameAsCommitted()
    {
        var script = Path.Combine(RepoRoot(), "netlists", "Validation", "ngspice-model-parameters.sh");
        var committed = File.ReadAllLines(Path.Combine(RepoRoot(), "netlists", "Validation", "ngspice-model-parameters.txt"));
        var start = new ProcessStartInfo("sh", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the generator did not finish in 2 minutes");
        var regenerated = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The header names the ngspice version; the tables must match line for line.
        Assert.Equal(committed.Where(l => !l.StartsWith('#')), regenerated.Where(l => !l.StartsWith('#')));
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Circuit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Circuit.sln not found above the test assembly");
    }
}
