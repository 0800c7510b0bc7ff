namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Standard normal deviates for read noise from a seeded <see cref="Random"/>, by Marsaglia and
/// Bray's polar method (Marsaglia &amp; Bray 1964, SIAM Review 6(3):260, "A convenient method for
/// generating normal variables"): each accepted pair (u, v) in the unit disc gives two independent
/// N(0, 1) values, and the second is kept for the next call. No trigonometric call, one logarithm
/// per two deviates, so a read costs about half of the classic Box-Muller transform. Not thread
/// safe: one per tile, used under the tile's lock, so a seed gives one fixed sequence.
/// </summary>
public sealed class ReadNoiseSource(Random random)
{
    private double _spare;
    private bool _hasSpare;

    public Random Random { get; } = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>The next N(0, 1) deviate (dimensionless).</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2.0 * Random.NextDouble() - 1.0;
            v = 2.0 * Random.NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }
}
