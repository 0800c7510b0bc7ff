using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Behavioral.Calibration;

/// <summary>
/// A stand-in "circuit" whose currents are the fast model's own with a known correction: lets
/// tests check that calibration recovers known parameters, independently of any solver.
/// </summary>
public sealed class SyntheticTruth(IrDropCorrection known, double vRef) : ICircuitTruth
{
    public string Name => "synthetic";

    public IReadOnlyList<double[]> Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double[]> inputs)
    {
        var wires = new WireParameters(spec.WordLineSegmentResistance, spec.BitLineSegmentResistance, spec.DriverResistance,
            spec.Termination == ColumnTermination.LoadResistor ? spec.LoadResistance : 0);
        var (t, n) = BehavioralCore.PhysicalTransfer(cells, wires, IrDropModel.Calibrated, known, vRef);
        int m = cells.Rows, c = cells.Cols;
        return inputs.Select(v =>
        {
            var y = new double[c];
            for (int j = 0; j < c; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s += t[j * m + i] * v[i] + n[j * m + i] * v[i] * v[i] * v[i];
                y[j] = s;
            }
            return y;
        }).ToList();
    }
}
