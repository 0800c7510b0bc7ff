using MathNet.Numerics.Distributions;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Arrays;

/// <summary>
/// The random draws of one programming run, per cell (row-major) and per state, each
/// non-ideality from its own stream (<see cref="RandomStreams"/>). Devices turn these into their
/// own parameters. Only parts whose sigma is non-zero are drawn (and stored); the others read as 0.
/// </summary>
public sealed class ProgrammingDraws
{
    private double[,]? spreadResistance;
    private double[,]? spreadTmr;
    private double[,]? programming;
    private double[,]? randomOffset;

    private ProgrammingDraws(int states) => SystematicOffset = new double[states];

    /// <summary>delta_NL(k) in Ohm (already scaled by sigma_NL, or as given), per state.</summary>
    public double[] SystematicOffset { get; }

    /// <summary>z ~ N(0, 1) for ln R (device spread) of cell (i, j).</summary>
    public double SpreadResistance(int i, int j) => spreadResistance?[i, j] ?? 0;

    /// <summary>z ~ N(0, 1) for ln TMR0 (device spread) of cell (i, j).</summary>
    public double SpreadTmr(int i, int j) => spreadTmr?[i, j] ?? 0;

    /// <summary>z ~ N(0, 1) for the programming error of cell (i, j).</summary>
    public double Programming(int i, int j) => programming?[i, j] ?? 0;

    /// <summary>delta_perp(i, j) in Ohm (already scaled by sigma_perp).</summary>
    public double RandomOffset(int i, int j) => randomOffset?[i, j] ?? 0;

    /// <summary>
    /// Draws everything for a rows x cols array of a device with <paramref name="states"/> states:
    /// spread and offsets of the devices (from <paramref name="seed"/> alone) and the programming
    /// error of programming cycle <paramref name="cycle"/> (<see cref="RandomStreams.ForCycle"/>).
    /// </summary>
    public static ProgrammingDraws Draw(int rows, int cols, int states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        ArgumentNullException.ThrowIfNull(nonIdealities);
        var d = new ProgrammingDraws(states);
        var spread = nonIdealities.Spread;
        if (spread.SigmaLnResistance > 0) d.spreadResistance = Fill(rows, cols, RandomStreams.For(seed, RandomStreams.Spread), 1);
        if (spread.SigmaLnTmr > 0) d.spreadTmr = Fill(rows, cols, RandomStreams.For(seed, RandomStreams.Spread + 100), 1);
        if (nonIdealities.Programming is not NoProgrammingError)
            d.programming = Fill(rows, cols, RandomStreams.ForCycle(seed, RandomStreams.Programming, cycle), 1);
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
        if (offsets.SigmaPerp > 0)
            d.randomOffset = Fill(rows, cols, RandomStreams.For(seed, RandomStreams.RandomOffset), offsets.SigmaPerp);
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
        double delta = SystematicOffset[state] + RandomOffset(i, j);
        if (delta == 0 || g <= 0) return 1;
        double r = 1 / g;
        return r / Math.Max(r + delta, 0.01 * r);
    }

    private static double[,] Fill(int rows, int cols, Random rng, double scale)
    {
        var target = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                target[i, j] = scale * Normal.Sample(rng, 0, 1);
        return target;
    }
}
