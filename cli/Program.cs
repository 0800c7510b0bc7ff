using System.CommandLine;
using Xbar.Cli.Commands;

namespace Xbar.Cli;

/// <summary>Entry point of the `xbar` command: gathers every <see cref="ICliCommand"/> and runs the parser.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        SolverWarmUpAtStart.StartIfWanted(args);
        return Run(args);
    }

    /// <summary>
    /// Parses and runs one command line. Argument errors (a missing argument, an unknown option,
    /// a value of the wrong type) are invalid input, so they exit 2 like every other input error,
    /// not System.CommandLine's default 1.
    /// </summary>
    public static int Run(string[] args, TextWriter? error = null)
    {
        var parse = RootFor(args).Parse(args);
        if (parse.Errors.Count > 0)
        {
            error ??= Console.Error;
            foreach (var e in parse.Errors)
                error.WriteLine($"xbar: {e.Message}");
            error.WriteLine("Run 'xbar --help' (or 'xbar COMMAND --help') for usage.");
            return ExitCodes.InvalidInput;
        }
        return parse.Invoke();
    }

    /// <summary>The root command with every verb registered; tests call it to run commands in-process.</summary>
    public static RootCommand BuildRoot() => Root(CommandDiscovery.Create<ICliCommand>(c => c.Create()));

    /// <summary>
    /// The root for one command line: with only the verb <paramref name="args"/>[0] when its class is
    /// found by name (<see cref="CommandDiscovery.CreateNamed"/>), else with every verb (help, the
    /// version, a mistyped verb). Building the other fifteen verbs took about 7 ms of every call's
    /// start-up (`xbar crossbar` 64x64: 44.6 against 37.8 ms wall, medians of 30 alternating runs);
    /// the verb's own parsing, help and errors are the same either way.
    /// </summary>
    public static RootCommand RootFor(IReadOnlyList<string> args) =>
        args.Count > 0 && CommandDiscovery.CreateNamed<ICliCommand>(args[0], c => c.Create()) is { } verb ? Root([verb]) : BuildRoot();

    private static RootCommand Root(IEnumerable<Command> verbs)
    {
        var root = new RootCommand(
            "Xbar: circuit-level co-simulation of analog in-memory computing crossbars " +
            "(ngspice, an exact nodal solver, and calibrated behavioral tiles).");
        foreach (var command in verbs)
            root.Subcommands.Add(command);
        InvalidInputGuardAction.Apply(root);
        return root;
    }
}
