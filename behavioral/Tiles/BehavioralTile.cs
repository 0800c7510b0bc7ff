using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Circuits.Nodal;
using Xbar.Devices.Linear;

namespace Xbar.Behavioral.Tiles;

/// <summary>Programs behavioral tiles (the fast path: two SIMD matrix-vector products per read).</summary>
public static class BehavioralTile
{
    /// <summary>
    /// Programs W (outputs x inputs) on a tile of <paramref name="config"/>, drawing device
    /// non-idealities (and read noise) from <paramref name="seed"/>. With the calibrated IR-drop
    /// model, <paramref name="calibration"/> supplies the fitted correction (checked against the
    /// config: a calibration made for another config is refused); without one the identity is used.
    /// </summary>
    public static Tile Program(TileConfig config, double[,] w, int seed, TileCalibration? calibration = null)
    {
        calibration?.EnsureMatches(config);
        var model = config.IrDrop.Model;
        var p = TileProgramming.Program(config, w, seed, pad: model != IrDropModel.None);
        var core = BuildCore(config, p, calibration?.Correction ?? IrDropCorrection.Identity, model);
        return new Tile(config, p.Mapped, p.Cells, core, p.Inputs, p.Outputs, seed, config.Device.ReadNoiseSigma > 0);
    }

    /// <summary>The analog core of an already programmed array (used by calibration to re-fit without re-programming).</summary>
    public static BehavioralCore BuildCore(TileConfig config, TileProgramming.Programmed p, IrDropCorrection correction, IrDropModel model)
    {
        double vRef = config.IrDrop.ReferenceBiasV ?? config.Input.ReadVoltageV;
        double[,]? exact = null;
        if (model == IrDropModel.Exact)
        {
            // The zero-bias linearized array through the exact nodal solver.
            var (g1, _) = BehavioralCore.CellCoefficients(p.Cells, vRef);
            int m = p.Cells.Rows, c = p.Cells.Cols;
            var g = new double[m, c];
            for (int i = 0; i < m; i++) for (int j = 0; j < c; j++) g[i, j] = g1[i * c + j];
            exact = new NodalCrossbarSolver().TransferMatrix(p.Spec, new LinearCellArray(g));
        }
        return BehavioralCore.Build(p.Cells, p.Mapped, p.Wires, model, correction, vRef, config.Device.ReadNoiseSigma, exact);
    }
}
