using Xbar.Circuits.Nodal;

namespace Xbar.Cli;

/// <summary>
/// Starts the nodal solver's warm-up (<see cref="SolverWarmUp"/>) on a background thread as soon as
/// the process starts, for the commands whose work is a few nodal solves, so that the runtime's first
/// use of the solver's code (about 3 ms at 256 x 256) overlaps the CLI's own start-up (building the
/// commands and parsing, about 15 ms) on the second core instead of adding to the first solve.
/// Long commands gain nothing measurable from it and do not start it.
/// </summary>
public static class SolverWarmUpAtStart
{
    /// <summary>
    /// Suppresses the warm-up for `xbar bench solver --first-call`, which then times the cold first
    /// call of a process (as a program using the library without the warm-up sees it).
    /// </summary>
    public const string ColdOption = "--cold";

    /// <summary>True for `xbar crossbar ...` and `xbar bench solver ...` (unless --cold).</summary>
    public static bool Wanted(IReadOnlyList<string> args) =>
        args.Count > 0 && (args[0] == "crossbar"
            || (args[0] == "bench" && args.Count > 1 && args[1] == "solver" && !args.Contains(ColdOption)));

    /// <summary>Starts the warm-up when <see cref="Wanted"/>.</summary>
    public static void StartIfWanted(IReadOnlyList<string> args)
    {
        if (Wanted(args)) SolverWarmUp.Start();
    }
}
