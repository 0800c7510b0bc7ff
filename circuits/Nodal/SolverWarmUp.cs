using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// Solves two small crossbars so that the process's first real solve finds the solver's code ready.
/// In a fresh process the first 256 x 256 solve of the standard problem (linear cells, CG to 1e-9)
/// took 7.1 ms against 3.8 ms warm, and 4.5-4.7 ms after one small solve (medians of 10 fresh
/// processes, ReadyToRun build, quiet machine): most of the difference is the runtime's first use of
/// the solver's types and methods (type loading, ReadyToRun fix-ups; no method is compiled), not the
/// size of the problem, so a small solve pays it as well as a large one. <see cref="Start"/> runs the
/// warm-up on a background thread, so that a program (the `xbar` CLI while it starts up and parses
/// its arguments) pays it on an otherwise idle core.
/// </summary>
public static class SolverWarmUp
{
    /// <summary>
    /// Array size and wire resistance (Ohm per segment) of the warm-up problems: N sqrt(G r) is about
    /// 4 for the standard cells (mean G about 0.2 mS), above the 2.5 from which the solver adds its
    /// coarse space, so the two-level preconditioner's code is used too. Our choice; any such size would do.
    /// </summary>
    internal const int Size = 40;
    internal const double WireResistance = 50.0;

    /// <summary>
    /// One read each of an ohmic and an MTJ (Newton) array of the standard cells, through the same
    /// path as <see cref="NodalCrossbarSolver.ColumnCurrents(CrossbarSpec, Xbar.Devices.ICellArray, double[,])"/>.
    /// Takes a few milliseconds, most of it the first use of the code.
    /// </summary>
    public static void Run()
    {
        var spec = new CrossbarSpec(Size, Size, WireResistance, WireResistance);
        var inputs = StandardCrossbarProblem.Inputs(1, Size, seed: 1);
        var solver = new NodalCrossbarSolver();
        foreach (string device in (string[])["linear", "mtj"])
            solver.ColumnCurrents(spec, StandardCrossbarProblem.Cells(Size, device, seed: 1), inputs);
    }

    /// <summary>
    /// Runs <see cref="Run"/> on a background thread and returns it. A failure there is dropped: the
    /// warm-up only saves time, and a fault of the solver shows again, with its message, in the real solve.
    /// </summary>
    public static Thread Start()
    {
        var thread = new Thread(() =>
        {
            try { Run(); }
            catch (Exception) { /* best effort only, see above */ }
        })
        { IsBackground = true, Name = "nodal solver warm-up" };
        thread.Start();
        return thread;
    }
}
