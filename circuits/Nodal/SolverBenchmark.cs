using System.Diagnostics;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// One size and cell kind of the solver benchmark. Times in seconds; null when not run.
/// <see cref="FirstCallSeconds"/> is the first solve of that array in this process (the first row
/// of a run also pays the JIT); <see cref="NodalSeconds"/> the best of a few repeats;
/// <see cref="ReferenceSeconds"/>/<see cref="ReferenceIterations"/> the same solve with the
/// bit-line preconditioner alone (the earlier solver), run in the same process.
/// <see cref="DirectError"/> is max |I - I_direct| / max |I_direct| against an independent direct
/// solve (block elimination, <see cref="BlockTransferMatrix"/>), for linear cells.
/// </summary>
public sealed record SolverBenchmarkRow(int Size, string Device, double? NgspiceSeconds, string NgspiceNote,
    double NodalSeconds, double NodalCpuSeconds, int NewtonIterations, int LinearIterations, double NodalResidual, double? MaxRelativeDifference)
{
    public double FirstCallSeconds { get; init; }
    /// <summary>CPU time (all threads) of the first call, less disturbed by other processes than its wall time.</summary>
    public double FirstCallCpuSeconds { get; init; }
    public double? ReferenceSeconds { get; init; }
    public int? ReferenceIterations { get; init; }
    public double? DirectError { get; init; }
    public double? DirectSeconds { get; init; }
    public int CoarseSize { get; init; }

    /// <summary>ngspice time / nodal time.</summary>
    public double? Speedup => NgspiceSeconds is { } t ? t / NodalSeconds : null;

    /// <summary>Reference (bit-line preconditioner) time / nodal time.</summary>
    public double? ReferenceRatio => ReferenceSeconds is { } t ? t / NodalSeconds : null;
}

/// <summary>
/// The first solve of a process against the best later solve of the same array (seconds; CPU of
/// all threads, user and system): what a fresh CLI call pays beyond the warm solve.
/// </summary>
public sealed record FirstCallResult(int Size, double FirstSeconds, double FirstCpuSeconds, double WarmSeconds, double WarmCpuSeconds, int Iterations)
{
    /// <summary>First-call wall time / warm wall time.</summary>
    public double Ratio => FirstSeconds / WarmSeconds;
}

/// <summary>
/// Times the nodal solver on N x N crossbars for linear and MTJ cells: the standard problem
/// (<see cref="StandardCrossbarProblem"/>, default) or the earlier easier one (ohmic 1-25 uS cells,
/// <c>Problem = "easy"</c>), or one given array (<see cref="Cells"/>). For each: first call,
/// best-of-repeats, CG iterations, the reference run with the bit-line preconditioner, the error
/// against an independent direct solve (up to <see cref="DirectMaxN"/>) and ngspice while it
/// finishes within the limit. CPU time of the fastest repeat is reported too, as wall-clock times
/// are unreliable on a shared machine.
/// </summary>
public sealed class SolverBenchmark
{
    public IReadOnlyList<int> Sizes { get; init; } = [16, 32, 64, 128, 256, 512, 1024];
    public IReadOnlyList<string> Devices { get; init; } = ["linear", "mtj"];
    public string Problem { get; init; } = "standard";
    public double WireResistance { get; init; } = 1.0;
    public int States { get; init; } = 4;
    public TimeSpan NgspiceLimit { get; init; } = TimeSpan.FromSeconds(120);
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Timed repeats of each solve up to 256 x 256 (one above): the best is reported. On a shared
    /// machine more repeats find a less disturbed run (the least loaded one approaches the idle time).
    /// </summary>
    public int Repeats { get; init; } = 3;
    /// <summary>Largest N for the direct reference solve (its cost grows as N^4).</summary>
    public int DirectMaxN { get; init; } = 512;
    /// <summary>Solver options (tolerances); the reference run uses the same with the bit-line preconditioner.</summary>
    public NodalSolverOptions Options { get; init; } = NodalSolverOptions.Default;
    /// <summary>A given array instead of generated ones (Sizes and Devices are then ignored).</summary>
    public (CrossbarSpec Spec, ICellArray Cells)? Cells { get; init; }

    public IEnumerable<SolverBenchmarkRow> Run()
    {
        var solver = new NodalCrossbarSolver(Options);
        var reference = new NodalCrossbarSolver(Options with { Preconditioner = NodalPreconditioner.BitLines });
        var ngspiceAllowed = new Dictionary<string, bool>();
        NgspiceEngine? engine = null; // started on first use, so that it never weighs on a first call
        try
        {
            foreach (var (spec, device, cells, input) in Cases())
            {
                int n = spec.Rows;
                bool allowed = ngspiceAllowed.GetValueOrDefault(device, true);
                var (first, firstCpu, best, bestCpu, nodal) = Time(solver, spec, cells, input, n <= 256 ? Repeats : 1);
                var (_, _, refBest, _, refSolution) = Time(reference, spec, cells, input, n <= 256 ? Math.Max(1, Repeats - 1) : 1);
                double? directError = null, directSeconds = null;
                if (cells.IsLinear && BlockTransferMatrix.Applies(spec) && Math.Max(spec.Rows, spec.Cols) <= DirectMaxN)
                {
                    var sw = Stopwatch.StartNew();
                    var t = reference.TransferMatrix(spec, cells);
                    directSeconds = sw.Elapsed.TotalSeconds;
                    var direct = new double[spec.Cols];
                    for (int j = 0; j < spec.Cols; j++)
                        for (int i = 0; i < spec.Rows; i++) direct[j] += t[j, i] * input[i];
                    directError = MaxRelative(nodal.ColumnCurrents, direct);
                }
                double? ngTime = null, diff = null;
                string note = "";
                if (allowed && NgspiceLimit > TimeSpan.Zero)
                {
                    string netlist = CrossbarNetlistBuilder.Build(spec, cells, input, $"bench {device} {spec.Rows}x{spec.Cols}");
                    try
                    {
                        engine ??= new NgspiceEngine(); // its start-up is not ngspice's solve time
                        var sw = Stopwatch.StartNew();
                        var op = engine.RunText(netlist, new SimulationOptions { Timeout = NgspiceLimit }).OperatingPoint;
                        ngTime = sw.Elapsed.TotalSeconds;
                        diff = MaxRelative(nodal.ColumnCurrents,
                            Enumerable.Range(0, spec.Cols).Select(j => op.BranchCurrent(CrossbarNodes.ColumnSource(j))).ToArray());
                    }
                    catch (SimulationTimeoutException)
                    {
                        note = $"> {NgspiceLimit.TotalSeconds:g} s";
                        ngspiceAllowed[device] = false;
                    }
                    if (ngTime > NgspiceLimit.TotalSeconds) ngspiceAllowed[device] = false;
                }
                else note = "skipped";
                yield return new SolverBenchmarkRow(n, device, ngTime, note, best, bestCpu, nodal.NewtonIterations,
                    nodal.LinearIterations, nodal.RelativeResidual, diff)
                {
                    FirstCallSeconds = first,
                    FirstCallCpuSeconds = firstCpu,
                    ReferenceSeconds = refBest,
                    ReferenceIterations = refSolution.LinearIterations,
                    DirectError = directError,
                    DirectSeconds = directSeconds,
                    CoarseSize = nodal.CoarseSize,
                };
            }
        }
        finally
        {
            engine?.Dispose();
        }
    }

    private IEnumerable<(CrossbarSpec Spec, string Device, ICellArray Cells, double[] Input)> Cases()
    {
        if (Cells is { } given)
        {
            yield return (given.Spec, given.Cells.IsLinear ? "linear" : "cells", given.Cells,
                Row(StandardCrossbarProblem.Inputs(1, given.Spec.Rows, Seed), 0));
            yield break;
        }
        foreach (int n in Sizes)
            foreach (string device in Devices)
            {
                int seed = Seed + n;
                var input = Row(StandardCrossbarProblem.Inputs(1, n, seed), 0);
                if (Problem == "easy")
                    yield return (new CrossbarSpec(n, n, WireResistance, WireResistance), device,
                        CrossbarFactory.Program(device, States, CrossbarFactory.RandomStates(n, n, States, seed)), input);
                else
                    yield return (StandardCrossbarProblem.Spec(n), device, StandardCrossbarProblem.Cells(n, device, seed), input);
            }
    }

    /// <summary>
    /// The first solve of this process (run it before any other solve): the standard problem at
    /// N = <paramref name="n"/> with linear cells, then <paramref name="repeats"/> - 1 more solves of
    /// the same array for the warm figure. Every solve builds its own session, as a CLI call does.
    /// </summary>
    public FirstCallResult FirstCall(int n)
    {
        var spec = StandardCrossbarProblem.Spec(n);
        var cells = StandardCrossbarProblem.Cells(n, "linear", Seed + n);
        var input = Row(StandardCrossbarProblem.Inputs(1, n, Seed + n), 0);
        var solver = new NodalCrossbarSolver(Options);
        var (first, firstCpu, _, _, _) = Time(solver, spec, cells, input, 1);
        var (_, _, best, bestCpu, solution) = Time(solver, spec, cells, input, Math.Max(1, Repeats - 1));
        return new FirstCallResult(n, first, firstCpu, best, bestCpu, solution.LinearIterations);
    }

    /// <summary>First-call wall and CPU time, best wall time of <paramref name="repeats"/> (first included), its CPU time, and the solution.</summary>
    private static (double First, double FirstCpu, double Best, double BestCpu, CrossbarSolution Solution) Time(NodalCrossbarSolver solver,
        CrossbarSpec spec, ICellArray cells, double[] input, int repeats)
    {
        double first = 0, firstCpu = 0, best = double.PositiveInfinity, bestCpu = double.PositiveInfinity;
        CrossbarSolution? solution = null;
        using var self = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            solution = solver.Solve(spec, cells, input);
            double wall = sw.Elapsed.TotalSeconds;
            self.Refresh();
            if (r == 0)
            {
                first = wall;
                firstCpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            }
            // Keep the CPU time of the fastest wall-clock repeat (the least disturbed one).
            if (wall < best) { best = wall; bestCpu = (self.TotalProcessorTime - cpu0).TotalSeconds; }
        }
        return (first, firstCpu, best, bestCpu, solution!);
    }

    private static double MaxRelative(double[] a, double[] reference)
    {
        double scale = reference.Max(Math.Abs), worst = 0;
        for (int j = 0; j < a.Length; j++) worst = Math.Max(worst, Math.Abs(a[j] - reference[j]));
        return scale > 0 ? worst / scale : worst;
    }

    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();
}
