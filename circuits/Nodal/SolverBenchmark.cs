using System.Diagnostics;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal;

/// <summary>One size and cell kind of the solver benchmark. Times in seconds; null when not run.</summary>
public sealed record SolverBenchmarkRow(int Size, string Device, double? NgspiceSeconds, string NgspiceNote,
    double NodalSeconds, double NodalCpuSeconds, int NewtonIterations, int LinearIterations, double NodalResidual, double? MaxRelativeDifference)
{
    /// <summary>ngspice time / nodal time.</summary>
    public double? Speedup => NgspiceSeconds is { } t ? t / NodalSeconds : null;
}

/// <summary>
/// Times the nodal solver against ngspice on the same random N x N crossbar netlist (uniform
/// random states, inputs uniform in 0..0.2 V), for linear and MTJ cells. ngspice is run while
/// it finishes within the limit; once it does not, larger sizes skip it. Nodal times are the
/// best of a few repeats after a warm-up solve (JIT), in the same process; the process CPU time
/// of that repeat is reported too, as wall-clock times are unreliable on a shared machine.
/// </summary>
public sealed class SolverBenchmark
{
    public IReadOnlyList<int> Sizes { get; init; } = [16, 32, 64, 128, 256, 512, 1024];
    public IReadOnlyList<string> Devices { get; init; } = ["linear", "mtj"];
    public double WireResistance { get; init; } = 1.0;
    public int States { get; init; } = 4;
    public TimeSpan NgspiceLimit { get; init; } = TimeSpan.FromSeconds(120);
    public int Seed { get; init; } = 1;

    public IEnumerable<SolverBenchmarkRow> Run()
    {
        var solver = new NodalCrossbarSolver();
        // Warm-up (JIT) on a small array of each kind.
        foreach (string device in Devices)
        {
            var warm = CrossbarFactory.Program(device, States, CrossbarFactory.RandomStates(24, 24, States, Seed));
            solver.Solve(new CrossbarSpec(24, 24, WireResistance, WireResistance), warm, new double[24].Select(_ => 0.1).ToArray());
        }
        var ngspiceAllowed = Devices.ToDictionary(d => d, _ => true);
        using var engine = new NgspiceEngine();
        foreach (int n in Sizes)
            foreach (string device in Devices)
            {
                var spec = new CrossbarSpec(n, n, WireResistance, WireResistance);
                var cells = CrossbarFactory.Program(device, States, CrossbarFactory.RandomStates(n, n, States, Seed + n));
                var input = Row(CrossbarFactory.RandomInputs(1, n, 0.2, Seed + n), 0);
                int repeats = n <= 256 ? 3 : 1;
                CrossbarSolution? nodal = null;
                double best = double.PositiveInfinity, bestCpu = double.PositiveInfinity;
                using var self = Process.GetCurrentProcess();
                for (int r = 0; r < repeats; r++)
                {
                    self.Refresh();
                    var cpu0 = self.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    nodal = solver.Solve(spec, cells, input);
                    double wall = sw.Elapsed.TotalSeconds;
                    self.Refresh();
                    // Keep the CPU time of the fastest wall-clock repeat (the least disturbed one).
                    if (wall < best) { best = wall; bestCpu = (self.TotalProcessorTime - cpu0).TotalSeconds; }
                }
                double? ngTime = null, diff = null;
                string note = "";
                if (ngspiceAllowed[device])
                {
                    string netlist = CrossbarNetlistBuilder.Build(spec, cells, input, $"bench {device} {n}x{n}");
                    try
                    {
                        var sw = Stopwatch.StartNew();
                        var op = engine.RunText(netlist, new SimulationOptions { Timeout = NgspiceLimit }).OperatingPoint;
                        ngTime = sw.Elapsed.TotalSeconds;
                        double scale = nodal!.ColumnCurrents.Max(Math.Abs), worst = 0;
                        for (int j = 0; j < n; j++)
                            worst = Math.Max(worst, Math.Abs(op.BranchCurrent(CrossbarNodes.ColumnSource(j)) - nodal.ColumnCurrents[j]) / scale);
                        diff = worst;
                    }
                    catch (SimulationTimeoutException)
                    {
                        note = $"> {NgspiceLimit.TotalSeconds:g} s";
                        ngspiceAllowed[device] = false;
                    }
                    if (ngTime > NgspiceLimit.TotalSeconds) ngspiceAllowed[device] = false;
                }
                else note = "skipped";
                yield return new SolverBenchmarkRow(n, device, ngTime, note, best, bestCpu, nodal!.NewtonIterations,
                    nodal.LinearIterations, nodal.RelativeResidual, diff);
            }
    }

    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();
}
