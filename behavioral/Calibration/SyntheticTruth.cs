using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Behavioral.Calibration;

/// <summary>
/// A stand-in "circuit" whose currents are the transfer model's own (<see cref="TransferModel"/>)
/// with known coefficients: lets tests check that calibration recovers them, and that it refuses
/// unphysical ones, independently of how well the model describes a real circuit.
/// </summary>
public sealed class SyntheticTruth(IrDropCorrection known, double vRef) : ICircuitTruth
{
    public string Name => "synthetic";

    public IReadOnlyList<double[]> Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double[]> inputs)
    {
        var model = TransferModel.Build(spec, cells, vRef).Scaled(known);
        return inputs.Select(v => model.Currents(v)).ToList();
    }
}
