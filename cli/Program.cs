using System.CommandLine;
using System.Reflection;
using Xbar.Cli.Commands;

namespace Xbar.Cli;

/// <summary>Entry point of the `xbar` command: gathers every <see cref="ICliCommand"/> and runs the parser.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The root command with every verb registered; tests call it to run commands in-process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Xbar: circuit-level co-simulation of analog in-memory computing crossbars " +
            "(ngspice, an exact nodal solver, and calibrated behavioral tiles).");
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .Select(c => c.Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in commands)
            root.Subcommands.Add(command);
        return root;
    }
}
