using MathNet.Numerics.Distributions;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Arrays;

/// <summary>
/// The standard-normal draws of one programming run, per cell (row-major) and per state, each
/// non-ideality from its own stream (<see cref="RandomStreams"/>). Devices turn these into their
/// own parameters. Draws are made only for parts whose sigma is non-zero; all others are 0.
/// </summary>
public sealed class ProgrammingDraws
{
    private ProgrammingDraws(int rows, int cols, int states)
    {
        Rows = rows;
        Cols = cols;
        SpreadResistance = new double[rows, cols];
        SpreadTmr = new double[rows, cols];
        Programming = new double[rows, cols];
        RandomOffset = new double[rows, cols];
        SystematicOffset = new double[states];
    }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>z for ln R (device spread), per cell.</summary>
    public double[,] SpreadResistance { get; }

    /// <summary>z for ln TMR0 (device spread), per cell.</summary>
    public double[,] SpreadTmr { get; }

    /// <summary>z for the programming error, per cell.</summary>
    public double[,] Programming { get; }

    /// <summary>delta_perp(i, j) in Ohm (already scaled by sigma_perp), per cell.</summary>
    public double[,] RandomOffset { get; }

    /// <summary>delta_NL(k) in Ohm (already scaled by sigma_NL), per state.</summary>
    public double[] SystematicOffset { get; }

    /// <summary>Draws everything for a rows x cols array of a device with <paramref name="states"/> states.</summary>
    public static ProgrammingDraws Draw(int rows, int cols, int states, DeviceNonIdealities nonIdealities, int seed)
    {
        ArgumentNullException.ThrowIfNull(nonIdealities);
        var d = new ProgrammingDraws(rows, cols, states);
        var spread = nonIdealities.Spread;
        if (spread.SigmaLnResistance > 0) Fill(d.SpreadResistance, RandomStreams.For(seed, RandomStreams.Spread), 1);
        if (spread.SigmaLnTmr > 0) Fill(d.SpreadTmr, RandomStreams.For(seed, RandomStreams.Spread + 100), 1);
        if (nonIdealities.Programming is not NoProgrammingError)
            Fill(d.Programming, RandomStreams.For(seed, RandomStreams.Programming), 1);
        var offsets = nonIdealities.Offsets;
        if (offsets.SystematicOhm is { } given)
        {
            if (given.Count != states)
                throw new InvalidInputException(
                    $"{nameof(StateOffsets.SystematicOhm)} has {given.Count} entries but the device has {states} states.");
            given.ToArray().CopyTo(d.SystematicOffset, 0);
        }
        else if (offsets.SigmaNl > 0)
            offsets.DrawSystematic(states, seed).ToArray().CopyTo(d.SystematicOffset, 0);
        if (offsets.SigmaPerp > 0) Fill(d.RandomOffset, RandomStreams.For(seed, RandomStreams.RandomOffset), offsets.SigmaPerp);
        return d;
    }

    /// <summary>
    /// Applies the resistance offsets delta_NL(k) + delta_perp(i, j) to a cell of low-bias
    /// conductance <paramref name="g"/> (S) and returns the factor by which its whole I-V scales
    /// (R / (R + delta)). The offset resistance is floored at 1 % of R so a cell never becomes
    /// a short or negative.
    /// </summary>
    public double OffsetScale(double g, int state, int i, int j)
    {
        double delta = SystematicOffset[state] + RandomOffset[i, j];
        if (delta == 0 || g <= 0) return 1;
        double r = 1 / g;
        return r / Math.Max(r + delta, 0.01 * r);
    }

    private static void Fill(double[,] target, Random rng, double scale)
    {
        for (int i = 0; i < target.GetLength(0); i++)
            for (int j = 0; j < target.GetLength(1); j++)
                target[i, j] = scale * Normal.Sample(rng, 0, 1);
    }
}
