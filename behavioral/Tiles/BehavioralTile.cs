using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Circuits.Nodal;

namespace Xbar.Behavioral.Tiles;

/// <summary>Programs behavioral tiles (the fast path: a few matrix-vector products per read, matrix products per batch).</summary>
public static class BehavioralTile
{
    /// <summary>
    /// Programs W (outputs x inputs) on a tile of <paramref name="config"/>, drawing device
    /// non-idealities (and read noise) from <paramref name="seed"/>. With the calibrated IR-drop
    /// model, <paramref name="calibration"/> supplies the fitted correction (checked against the
    /// config: a calibration made for another config is refused); without one the identity is used.
    /// </summary>
    /// <remarks>
    /// Programming cost: O(rows x cols) for the none and fast options; 8 nodal solves of a linear network
    /// for probed (<see cref="ProbeCorrection"/>); about 2 x rows nodal solves
    /// for exact and calibrated (<see cref="TransferModel"/>; one transfer matrix for ohmic cells).
    /// </remarks>
    public static Tile Program(TileConfig config, double[,] w, int seed, TileCalibration? calibration = null)
    {
        calibration?.EnsureMatches(config);
        var model = config.IrDrop.Model;
        var p = TileProgramming.Program(config, w, seed, pad: model != IrDropModel.None);
        var core = BuildCore(config, p, calibration?.Correction ?? IrDropCorrection.Identity, model);
        return new Tile(config, p.Mapped, p.Cells, core, p.Inputs, p.Outputs, seed, config.Device.ReadNoiseSigma > 0);
    }

    /// <summary>The analog core of an already programmed array (used by calibration and validation to compare options on the same cells).</summary>
    public static BehavioralCore BuildCore(TileConfig config, TileProgramming.Programmed p, IrDropCorrection correction, IrDropModel model) =>
        model switch
        {
            IrDropModel.Exact or IrDropModel.Calibrated => BuildCore(config, p, correction, model, BuildTransfer(config, p)),
            IrDropModel.Probed => BehavioralCore.BuildProbed(p.Cells, p.Spec, p.Mapped, p.Wires, ReferenceBias(config), config.Device.ReadNoiseSigma),
            _ => BehavioralCore.Build(p.Cells, p.Mapped, p.Wires, model, ReferenceBias(config), config.Device.ReadNoiseSigma),
        };

    /// <summary>
    /// The core of the exact or calibrated option from an already built <see cref="TransferModel"/>
    /// (the nodal solves are the costly part of programming, so callers comparing both options build it once).
    /// The exact option ignores <paramref name="correction"/>.
    /// </summary>
    public static BehavioralCore BuildCore(TileConfig config, TileProgramming.Programmed p, IrDropCorrection correction, IrDropModel model, TransferModel transfer)
    {
        if (model is not (IrDropModel.Exact or IrDropModel.Calibrated))
            throw new ArgumentException($"a transfer model backs the exact and calibrated options, not {model}");
        var k = model == IrDropModel.Calibrated ? correction : IrDropCorrection.Identity;
        return BehavioralCore.FromTransfer(transfer, p.Mapped, k, config.Input.ReadVoltageV, config.Device.ReadNoiseSigma);
    }

    /// <summary>The <see cref="TransferModel"/> of a programmed array (about 2 x rows nodal solves).</summary>
    public static TransferModel BuildTransfer(TileConfig config, TileProgramming.Programmed p, NodalCrossbarSolver? solver = null) =>
        TransferModel.Build(p.Spec, p.Cells, ReferenceBias(config), solver);

    /// <summary>The bias at which the cells' bias-dependent terms are matched (ir_drop.reference_bias_v, default the read voltage).</summary>
    public static double ReferenceBias(TileConfig config) => config.IrDrop.ReferenceBiasV ?? config.Input.ReadVoltageV;
}
