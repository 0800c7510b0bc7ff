namespace Xbar.Cli;

/// <summary>Process exit codes shared by every `xbar` command (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>Something failed that is not the user's input nor the simulator (a bug, an I/O error).</summary>
    public const int Failure = 1;
    /// <summary>Invalid input: a bad netlist, config, dataset or argument. The message names file, line and problem.</summary>
    public const int InvalidInput = 2;
    /// <summary>The simulation failed, timed out or crashed; the reason is on stderr.</summary>
    public const int SimulationFailed = 3;
}
