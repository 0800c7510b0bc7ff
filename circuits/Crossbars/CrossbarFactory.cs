using Xbar.Devices;
using Xbar.Devices.Arrays;
using Xbar.Devices.NonIdealities;

namespace Xbar.Circuits.Crossbars;

/// <summary>
/// Seeded, reproducible crossbar workloads: random state matrices, programmed cell arrays and
/// input vectors. Same seed, bit-identical result (one <see cref="Random"/> stream per purpose).
/// </summary>
public static class CrossbarFactory
{
    /// <summary>Uniform random state indices 0..states-1 for a rows x cols array.</summary>
    public static int[,] RandomStates(int rows, int cols, int states, int seed)
    {
        if (rows <= 0 || cols <= 0) throw new InvalidInputException($"the array must not be empty (got {rows}x{cols})");
        var rng = new Random(seed);
        var s = new int[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) s[i, j] = rng.Next(states);
        return s;
    }

    /// <summary>Input vectors (one per row of the result) uniform in [0, vMax] V.</summary>
    public static double[,] RandomInputs(int vectors, int rows, double vMax, int seed)
    {
        if (!double.IsFinite(vMax)) throw new InvalidInputException($"maximum input voltage must be finite (got {vMax})");
        var rng = new Random(unchecked(seed * 7919 + 17)); // a stream distinct from the states'
        var x = new double[vectors, rows];
        for (int v = 0; v < vectors; v++)
            for (int i = 0; i < rows; i++) x[v, i] = vMax * rng.NextDouble();
        return x;
    }

    /// <summary>An array of nominal <paramref name="device"/> cells (mtj, rram, pcm, linear) in the given states.</summary>
    public static ICellArray Program(string device, int stateCount, int[,] states, int seed = 0) =>
        CellArrayFactory.Program(DeviceCatalog.Create(device, stateCount), states, DeviceNonIdealities.Ideal, seed);
}
