using Xbar.Devices.Arrays;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Mtj;

/// <summary>
/// Draws a programmed MTJ array. Per cell (i, j) in state k:
/// G_P' = G_P exp(-sigma_lnR z_R) (lognormal R_P), TMR0' = TMR0 exp(sigma_lnTMR z_T),
/// x' = clamp(x_k + sigma_prog(k) z_P / (G_P' - G_AP'), 0, 1) (the conductance error of
/// programming expressed as a parallel-area error), then the Moureaux 2026 offsets scale the
/// whole I-V by R / (R + delta_NL(k) + delta_perp(i, j)) with R the cell's low-bias resistance.
/// </summary>
public static class MtjProgramming
{
    /// <summary>Programs <paramref name="states"/> on <paramref name="device"/>; same seed, bit-identical array.</summary>
    public static MtjCellArray Program(MtjDevice device, int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        CellArrayFactory.ValidateStates(states, device.States);
        var p = device.Parameters;
        int rows = states.GetLength(0), cols = states.GetLength(1), n = device.States;
        var draws = ProgrammingDraws.Draw(rows, cols, n, nonIdealities, seed, cycle);
        var sigmas = new double[n];
        double lowest = device.NominalConductance(0), highest = device.NominalConductance(n - 1);
        for (int k = 0; k < n; k++)
            sigmas[k] = nonIdealities.Programming.Sigma(
                new LevelContext(k, n, device.NominalConductance(k), lowest, highest, p.ConductanceParallel));

        var gp = new double[rows * cols];
        var tmr = new double[rows * cols];
        var x = new double[rows * cols];
        double sigmaLnR = nonIdealities.Spread.SigmaLnResistance, sigmaLnT = nonIdealities.Spread.SigmaLnTmr;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int k = states[i, j];
                double g = p.ConductanceParallel * Math.Exp(-sigmaLnR * draws.SpreadResistance(i, j));
                double t = p.Tmr0 * Math.Exp(sigmaLnT * draws.SpreadTmr(i, j));
                double f = device.ParallelFraction(k);
                double window = g - g / (1 + t);
                if (sigmas[k] > 0 && window > 0)
                    f = Math.Clamp(f + sigmas[k] * draws.Programming(i, j) / window, 0, 1);
                if (!double.IsFinite(g) || g <= 0 || !double.IsFinite(t))
                    throw new InvalidInputException(
                        $"cell ({i}, {j}): the device spread drew G_P = {Guard.Fmt(g)} S, TMR0 = {Guard.Fmt(t)}; the lognormal sigmas are too large.");
                int c = i * cols + j;
                gp[c] = g * draws.OffsetScale(MtjLaw.LowBiasConductance(g, t, f), k, i, j);
                tmr[c] = t;
                x[c] = f;
            }
        // Every value is valid here: G_P finite > 0 and TMR0 finite (checked above), x clamped to [0, 1].
        return new MtjCellArray(rows, cols, gp, tmr, x, p.HalfBiasVoltage);
    }
}
