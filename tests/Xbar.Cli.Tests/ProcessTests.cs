using System.Diagnostics;
using System.Globalization;

namespace Xbar.Cli.Tests;

/// <summary>
/// `xbar` as real processes: shards run side by side and merge byte-identically to one run;
/// redirected output carries no progress bars; a killed host's ngspice worker does not outlive it.
/// </summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Scaling = ["study", "scaling", "--sizes", "4,8,16", "--fixed", "4", "--draws", "2", "--products", "10"];

    [Fact]
    public void When_ThreeShardProcessesRunAtOnceAndMerge_Expect_ByteIdenticalToOneRun()
    {
        var single = XbarProcess.Run(_dir, TimeSpan.FromMinutes(3), [.. Scaling, "--out", "single"]);
        Assert.Equal(0, single.Exit);

        var shards = Enumerable.Range(0, 3).Select(i =>
            Process.Start(XbarProcess.StartInfo(_dir, [.. Scaling, "--out", $"shard{i}", "--shard", $"{i}/3"]))!).ToList();
        foreach (var p in shards)
        {
            p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(180_000));
            Assert.Equal(0, p.ExitCode);
        }
        var merge = XbarProcess.Run(_dir, TimeSpan.FromMinutes(2), "merge", "shard0", "shard1", "shard2", "--out", "merged");
        Assert.True(merge.Exit == 0, merge.Err);
        foreach (var file in new[] { "scaling.csv", "scaling-fit.csv", "scaling.md", "scaling.png" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "single", file)), File.ReadAllBytes(Path.Combine(_dir, "merged", file)));
    }

    [Fact]
    public void When_ShardsTakenFromSlurmArrayVariables_Expect_SameSplitAsShardOption()
    {
        var info = XbarProcess.StartInfo(_dir, [.. Scaling, "--out", "slurm"]);
        info.Environment["SLURM_ARRAY_TASK_ID"] = "5";
        info.Environment["SLURM_ARRAY_TASK_COUNT"] = "3";
        info.Environment["SLURM_ARRAY_TASK_MIN"] = "4"; // --array=4-6: the second task is shard 1
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(180_000));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("8 of 24 points are in the folder", output);
        var keys = Directory.GetFiles(Path.Combine(_dir, "slurm", "points")).Select(Path.GetFileNameWithoutExtension).ToArray();
        // 24 points in the order weights x error x axis x size (4, 8, 16): shard 1 of 3 owns points 1, 4, 7, ..., every size-8 point.
        Assert.Equal(8, keys.Length);
        Assert.All(keys, k => Assert.EndsWith("_8", k));
    }

    [Fact]
    public void When_OutputRedirected_Expect_NoProgressBarsOnEitherStream()
    {
        var (exit, output, err) = XbarProcess.Run(_dir, TimeSpan.FromMinutes(3), [.. Scaling, "--out", "quiet"]);
        Assert.Equal(0, exit);
        Assert.DoesNotContain('\u001b', output + err); // no ANSI cursor control
        Assert.DoesNotContain("━", output + err);     // no bar glyphs
        Assert.Equal("", err);
        Assert.Contains("| weights | error | against |", output);
    }

    [Fact]
    public void When_HostIsKilledButNotReaped_Expect_ItsNgspiceWorkerExits()
    {
        // A transient of 1e12 steps keeps ngspice busy for days.
        File.WriteAllText(Path.Combine(_dir, "spin.cir"), "spin\nV1 in 0 PULSE(0 1 0 1n 1n 1u 2u)\nR1 in out 1k\nC1 out 0 1n\n.tran 1p 1 0 1p\n.end\n");
        // bash starts the host, prints its pid, then becomes `sleep`, which never reaps it: killed, the host stays a zombie.
        var shell = Process.Start(new ProcessStartInfo("bash",
            ["-c", $"dotnet '{XbarProcess.Dll}' sim spin.cir --timeout 600 >/dev/null 2>&1 & echo $!; exec sleep 120"])
        { WorkingDirectory = _dir, RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            int host = int.Parse(shell.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
            int worker = WaitFor(() => Children(host).FirstOrDefault(pid => CommandLine(pid).Contains("--ngspice-worker")), TimeSpan.FromSeconds(60));
            Thread.Sleep(1000); // the worker is busy in ngspice now
            Process.GetProcessById(host).Kill();
            WaitFor(() => State(host) == 'Z' ? 1 : 0, TimeSpan.FromSeconds(10));
            var clock = Stopwatch.StartNew();
            while (Alive(worker) && clock.Elapsed < TimeSpan.FromSeconds(15)) Thread.Sleep(100);
            Assert.False(Alive(worker), $"the worker {worker} still runs {clock.Elapsed.TotalSeconds:F0} s after its host became a zombie");
            Assert.Equal('Z', State(host)); // the host really was unreaped all along
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            shell.WaitForExit();
        }
    }

    private static int WaitFor(Func<int> probe, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (probe() is var v && v != 0) return v;
            Thread.Sleep(100);
        }
        throw new TimeoutException("condition not met in time");
    }

    private static IEnumerable<int> Children(int parent) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid => Stat(pid) is { } s && s.Parent == parent);

    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException) { return null; }
    }

    private static char State(int pid) => Stat(pid)?.State ?? 'X';

    private static bool Alive(int pid) => Stat(pid) is { State: not 'Z' and not 'X' };

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }
}
