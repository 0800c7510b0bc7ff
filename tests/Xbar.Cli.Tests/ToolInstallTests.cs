using System.Diagnostics;

namespace Xbar.Cli.Tests;

/// <summary>
/// The CLI as a .NET tool: packed from this checkout, installed into a fresh folder with
/// `dotnet tool install --tool-path`, the installed `xbar` must run a netlist on the ngspice
/// engine, whose worker process starts from the tool's own folder. Slow (packing copies ~80 MB).
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-tool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(600_000), $"{file} {string.Join(' ', args)} did not finish");
        return (p.ExitCode, output + err.Result);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void When_PackedAndInstalledAsDotnetTool_Expect_XbarRunsNgspiceFromTheToolFolder()
    {
        string repo = RepoPaths.Root;
        var packages = Path.Combine(_dir, "packages");
        var tools = Path.Combine(_dir, "tools");
        var pack = Run("dotnet", repo, "pack", "cli", "-c", "Release", "-nologo", "-o", packages);
        Assert.True(pack.Exit == 0, pack.Output);
        var install = Run("dotnet", repo, "tool", "install", "Xbar.Cli", "--tool-path", tools, "--add-source", packages);
        Assert.True(install.Exit == 0, install.Output);

        var sim = Run(Path.Combine(tools, "xbar"), _dir, "sim", Path.Combine(repo, "examples", "divider.cir"), "--engine", "ngspice");
        Assert.True(sim.Exit == 0, sim.Output);
        Assert.Contains("operating point (ngspice)", sim.Output);
        Assert.Matches(@"v\(out\)\s+2\b", sim.Output); // 3 V x 2k / (1k + 2k)
    }
}
