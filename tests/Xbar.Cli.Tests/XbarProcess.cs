using System.Diagnostics;

namespace Xbar.Cli.Tests;

/// <summary>Runs the built `xbar` (xbar.dll beside the tests) as a process of its own, for what only a real process shows: exit codes with redirected streams, parallel shards, a killed host.</summary>
internal static class XbarProcess
{
    public static string Dll => typeof(Program).Assembly.Location;

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>Runs to the end (killed after <paramref name="limit"/>) and returns exit code and both streams.</summary>
    public static (int Exit, string Out, string Err) Run(string workingDirectory, TimeSpan limit, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"xbar {string.Join(' ', args)} did not end within {limit.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result, err.Result);
    }
}
