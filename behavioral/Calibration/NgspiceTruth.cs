using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Devices;

namespace Xbar.Behavioral.Calibration;

/// <summary>
/// ngspice (through its shared library in a worker process) as the circuit truth: one
/// operating-point run of the crossbar netlist (<see cref="CrossbarNetlistBuilder"/>) per input
/// vector; the column currents are the sense sources' branch currents. Practical for small tiles
/// (ngspice without KLU needs seconds at 64x64).
/// </summary>
public sealed class NgspiceTruth : ICircuitTruth, IDisposable
{
    private readonly NgspiceEngine _engine = new();

    public string Name => "ngspice";

    public IReadOnlyList<double[]> Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double[]> inputs)
    {
        var result = new List<double[]>();
        foreach (var v in inputs)
        {
            var op = _engine.RunText(CrossbarNetlistBuilder.Build(spec, cells, v)).OperatingPoint;
            result.Add(Enumerable.Range(0, spec.Cols).Select(j => op.BranchCurrent(CrossbarNodes.ColumnSource(j))).ToArray());
        }
        return result;
    }

    public void Dispose() => _engine.Dispose();
}
