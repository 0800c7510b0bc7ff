using Xbar.Circuits.Crossbars;
using Xbar.Devices;
using Xbar.Devices.Linear;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The standard solver problem the speed figures refer to: an N x N crossbar with 1 Ohm word- and
/// bit-line segments, ideal drivers and virtual-ground columns, 4-state MTJ cells (R_P = 3.36 kOhm,
/// R_AP = R_P (1 + 1.74) = 9.19 kOhm, states uniform in low-bias conductance; the defaults of
/// <see cref="Xbar.Devices.Mtj.MtjParameters"/>, from the 78 nm STT-MRAM cell of Nature Electronics
/// 2025), uniformly random states, inputs uniform in 0..0.2 V. "linear" is the same array with
/// every cell replaced by its low-bias conductance (ohmic), "mtj" the bias-dependent cells.
/// </summary>
public static class StandardCrossbarProblem
{
    public const int States = 4;
    public const double SegmentResistance = 1.0;
    public const double MaxInputVoltage = 0.2;

    public static CrossbarSpec Spec(int n) => new(n, n, SegmentResistance, SegmentResistance);

    /// <summary>The programmed cells ("linear" or "mtj") for seed <paramref name="seed"/>.</summary>
    public static ICellArray Cells(int n, string device, int seed)
    {
        var mtj = CrossbarFactory.Program("mtj", States, CrossbarFactory.RandomStates(n, n, States, seed));
        return device switch
        {
            "mtj" => mtj,
            "linear" => LowBias(mtj),
            _ => throw new InvalidInputException($"standard problem: device must be linear or mtj (got '{device}')"),
        };
    }

    /// <summary><paramref name="vectors"/> input vectors (rows of the result) uniform in 0..0.2 V.</summary>
    public static double[,] Inputs(int vectors, int n, int seed) => CrossbarFactory.RandomInputs(vectors, n, MaxInputVoltage, seed);

    /// <summary>Ohmic cells with each cell's conductance at 0 V.</summary>
    public static LinearCellArray LowBias(ICellArray cells)
    {
        var g = new double[cells.Rows, cells.Cols];
        for (int i = 0; i < cells.Rows; i++)
            for (int j = 0; j < cells.Cols; j++) g[i, j] = cells.Conductance(i, j, 0.0);
        return new LinearCellArray(g);
    }
}
