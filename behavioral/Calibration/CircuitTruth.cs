using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices;

namespace Xbar.Behavioral.Calibration;

/// <summary>A circuit-level solver giving the true column currents (A) of a programmed crossbar.</summary>
public interface ICircuitTruth
{
    /// <summary>Engine name stored in calibrations (<c>nodal</c>, <c>ngspice</c>).</summary>
    string Name { get; }

    /// <summary>Column currents for each input vector (word-line voltages, V).</summary>
    IReadOnlyList<double[]> Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double[]> inputs);
}

/// <summary>The exact nodal solver (warm-started batch).</summary>
public sealed class NodalTruth(NodalCrossbarSolver? solver = null) : ICircuitTruth
{
    private readonly NodalCrossbarSolver _solver = solver ?? new NodalCrossbarSolver();

    public string Name => "nodal";

    public IReadOnlyList<double[]> Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double[]> inputs) =>
        _solver.SolveBatch(spec, cells, inputs.Select(v => (IReadOnlyList<double>)v).ToList())
            .Select(s => s.ColumnCurrents).ToList();
}
