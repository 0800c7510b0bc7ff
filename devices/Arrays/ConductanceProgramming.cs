using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Arrays;

/// <summary>
/// Programming of devices whose state is a single conductance (linear, RRAM, PCM): per cell,
/// G = G_k exp(-sigma_lnR z_R) (lognormal resistance spread), then + sigma_prog(k) z_P
/// (programming error, clamped at 0 S), then the resistance offsets of Moureaux 2026
/// (1/G + delta_NL(k) + delta_perp(i, j)). Conductances in S.
/// </summary>
public static class ConductanceProgramming
{
    /// <summary>
    /// The programmed low-bias conductance of every cell, in S. <paramref name="levels"/> holds the
    /// nominal conductance of each state (S); <paramref name="maximum"/> is the device's G_max (S);
    /// <paramref name="cycle"/> the programming cycle of the array <paramref name="seed"/>.
    /// </summary>
    public static double[,] Draw(IReadOnlyList<double> levels, double maximum, int[,] states,
        DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        CellArrayFactory.ValidateStates(states, levels.Count);
        int rows = states.GetLength(0), cols = states.GetLength(1);
        var draws = ProgrammingDraws.Draw(rows, cols, levels.Count, nonIdealities, seed, cycle);
        double lowest = levels[0], highest = levels[^1];
        var sigmas = new double[levels.Count];
        for (int k = 0; k < sigmas.Length; k++)
            sigmas[k] = nonIdealities.Programming.Sigma(new LevelContext(k, levels.Count, levels[k], lowest, highest, maximum));
        double sigmaLnR = nonIdealities.Spread.SigmaLnResistance;
        var g = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int k = states[i, j];
                double gij = levels[k] * Math.Exp(-sigmaLnR * draws.SpreadResistance(i, j));
                gij = Math.Max(0, gij + sigmas[k] * draws.Programming(i, j));
                g[i, j] = gij * draws.OffsetScale(gij, k, i, j);
            }
        return g;
    }
}
