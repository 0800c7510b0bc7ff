using System.CommandLine;

namespace Xbar.Cli.Tests;

/// <summary>Runs one `xbar` command line in process and returns its exit code and what it wrote to the error stream.</summary>
internal static class CliRun
{
    public static (int Exit, string Err) Invoke(params string[] args)
    {
        var error = new StringWriter();
        int exit = Program.RootFor(args).Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }
}
