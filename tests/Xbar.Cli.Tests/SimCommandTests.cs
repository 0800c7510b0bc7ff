using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Xbar.Cli.Tests;

/// <summary>`xbar sim` end to end, in process: exit codes 0/2/3, CSV contents, and agreement with the ngspice CLI.</summary>
public sealed class SimCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-sim-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Out, string Err) Sim(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["sim", .. args])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static Dictionary<string, double> ReadNameValueCsv(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        Assert.Equal("name,value", lines[0]);
        return lines.Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void When_DividerIsSimulated_Expect_Exit0AndNameValueCsv()
    {
        var netlist = File("divider.cir", "divider\nV1 in 0 DC 3\nR1 in out 1k\nR2 out 0 2k\n.op\n.end\n");
        var csv = Path.Combine(_dir, "divider.csv");

        var (exit, stdout, stderr) = Sim(netlist, "--out", csv);

        Assert.True(exit == 0, stderr);
        Assert.Contains("v(out)", stdout);
        var values = ReadNameValueCsv(csv);
        Assert.Equal(3, values.Count);
        Assert.Equal(3.0, values["v(in)"], 12);
        Assert.Equal(2.0, values["v(out)"], 12);
        Assert.Equal(-1e-3, values["i(v1)"], 15);
    }

    [Fact]
    public void When_TransientIsSimulated_Expect_CsvWithTimeFirstAndOneColumnPerVector()
    {
        var netlist = File("rc.cir", "rc\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out 1k\nC1 out 0 1u\n.tran 50u 2m\n.end\n");
        var csv = Path.Combine(_dir, "rc.csv");

        var (exit, _, stderr) = Sim(netlist, "--out", csv);

        Assert.True(exit == 0, stderr);
        var lines = System.IO.File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal("time", header[0]);
        Assert.Equal(new[] { "i(v1)", "time", "v(in)", "v(out)" }, header.Order(StringComparer.Ordinal));
        var outColumn = Array.IndexOf(header, "v(out)");
        foreach (var row in lines.Skip(1).Select(l => l.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()))
        {
            Assert.Equal(header.Length, row.Length);
            if (row[0] > 1e-8) Assert.Equal(1 - Math.Exp(-(row[0] - 1e-9) / 1e-3), row[outColumn], 2e-3);
        }
        Assert.True(lines.Length > 30);
    }

    [Fact]
    public void When_DcSweepWithoutOut_Expect_CsvOnStdoutWithSweepFirst()
    {
        var netlist = File("dc.cir", "dc\nV1 in 0 0\nR1 in out 1k\nR2 out 0 3k\n.dc V1 0 4 1\n.end\n");

        var (exit, stdout, stderr) = Sim(netlist);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var headerAt = Array.FindIndex(lines, l => l.StartsWith("v-sweep,", StringComparison.Ordinal));
        Assert.True(headerAt >= 0, stdout);
        var header = lines[headerAt].Split(',');
        var rows = lines.Skip(headerAt + 1).Select(l => l.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(5, rows.Length);
        foreach (var row in rows)
            Assert.Equal(0.75 * row[0], row[Array.IndexOf(header, "v(out)")], 12);
    }

    [Fact]
    public void When_NetlistIsInvalid_Expect_Exit2NamingFileAndLine()
    {
        var netlist = File("bad.cir", "bad\nV1 in 0 1\nR1 in out\nR2 out 0 1k\n.op\n.end\n");

        var (exit, stdout, stderr) = Sim(netlist);

        Assert.Equal(2, exit);
        Assert.Contains($"{netlist}:3:", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.DoesNotContain("v(out)", stdout);
    }

    [Fact]
    public void When_ArgumentsAreInvalid_Expect_Exit2()
    {
        var netlist = File("ok.cir", "ok\nV1 in 0 1\nR1 in 0 1k\n.end\n");
        Assert.Equal(2, Sim(netlist, "--engine", "nosuchengine").Exit);
        Assert.Equal(2, Sim(netlist, "--timeout", "-1").Exit);
        Assert.Equal(2, Sim(Path.Combine(_dir, "missing.cir")).Exit);
    }

    [Fact]
    public void When_SimulationHangs_Expect_Exit3AfterTimeout()
    {
        // 1e12 time steps of 1 ps: ngspice would run for days.
        var netlist = File("endless.cir", "endless\nV1 in 0 PULSE(0 1 0 1n 1n 1u 2u)\nR1 in out 1k\nC1 out 0 1n\n.tran 1p 1 0 1p\n.end\n");

        var (exit, _, stderr) = Sim(netlist, "--timeout", "2");

        Assert.Equal(3, exit);
        Assert.Contains("did not finish within 2 s", stderr);
    }

    [Fact]
    public void When_OperatingPointDoesNotConverge_Expect_Exit3SayingWhatWasTried()
    {
        // KCL at a has no solution: 1 A = (v > 0 ? 2 A : 0.5 A) + v / 1k.
        var netlist = File("nosolution.cir", "no solution\nI1 0 a 1\nB1 a 0 I = v(a) > 0 ? 2 : 0.5\nR1 a 0 1k\n.op\n.end\n");

        var (exit, _, stderr) = Sim(netlist);

        Assert.Equal(3, exit);
        Assert.Contains("gmin stepping", stderr);
        Assert.Contains("source stepping", stderr);
    }

    [Fact]
    public void When_Crossbar16IsSimulated_Expect_NgspiceBatchValuesWithinOneBillionth()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "crossbar16.cir");
        var csv = Path.Combine(_dir, "crossbar16.csv");

        var (exit, _, stderr) = Sim(example, "--out", csv);

        Assert.True(exit == 0, stderr);
        var ours = ReadNameValueCsv(csv);
        var reference = NgspiceBatchOperatingPoint(example);
        Assert.Equal(16 + 256 + 256 + 16 + 32, reference.Count); // in, r, c, out nodes + 32 source currents
        Assert.Equal(reference.Keys.Order(StringComparer.OrdinalIgnoreCase), ours.Keys.Order(StringComparer.OrdinalIgnoreCase));
        foreach (var (name, expected) in reference)
        {
            var actual = ours[name];
            Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected) || actual == expected,
                $"{name}: xbar {actual:R}, ngspice -b {expected:R}");
        }
        Assert.True(reference["i(vsense0)"] > 0, "the column current flows into the sense source");
    }

    [Fact]
    public void When_XbarRunsAsItsOwnProcess_Expect_ExitCodesAndWorkerStartFromThere()
    {
        // The real executable (not in-process): its ngspice worker must start from xbar's folder.
        var xbar = Path.Combine(AppContext.BaseDirectory, "xbar.dll");
        var good = File("good.cir", "good\nV1 in 0 2\nR1 in out 1k\nR2 out 0 1k\n.end\n");
        var bad = File("bad.cir", "bad\nV1 in 0 2\nR1 in out 1k\n.end\n");

        var (goodExit, goodOut, goodErr) = RunProcess("dotnet", xbar, "sim", good);
        var (badExit, _, badErr) = RunProcess("dotnet", xbar, "sim", bad);

        Assert.True(goodExit == 0, goodErr);
        Assert.Matches(@"v\(out\)\s+1\b", goodOut);
        Assert.Equal(2, badExit);
        Assert.Contains($"{bad}:", badErr);
    }

    private static (int Exit, string Out, string Err) RunProcess(string exe, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(exe, args)
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "xbar did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the ngspice CLI in batch mode on a copy of <paramref name="netlist"/> and reads its ASCII raw file (16 significant digits).</summary>
    private Dictionary<string, double> NgspiceBatchOperatingPoint(string netlist)
    {
        var raw = Path.Combine(_dir, "reference.raw");
        var text = System.IO.File.ReadAllText(netlist).TrimEnd();
        Assert.EndsWith(".end", text);
        var copy = File("reference.cir",
            text[..^4] + $".control\nop\nset filetype=ascii\nwrite {raw}\n.endc\n.end\n");
        using (var ngspice = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ngspice", ["-b", copy])
               { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir })!)
        {
            ngspice.StandardOutput.ReadToEndAsync();
            ngspice.StandardError.ReadToEndAsync();
            Assert.True(ngspice.WaitForExit(60_000), "ngspice -b did not finish");
        }

        var lines = System.IO.File.ReadAllLines(raw);
        var names = new List<string>();
        var i = Array.IndexOf(lines, "Variables:") + 1;
        for (; lines[i] != "Values:"; i++)
            names.Add(lines[i].Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        var values = lines.Skip(i + 1).Where(l => l.Trim().Length > 0).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Last())
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(names.Count, values.Length);
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase);
    }

    private static string RepositoryRoot([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));
}
