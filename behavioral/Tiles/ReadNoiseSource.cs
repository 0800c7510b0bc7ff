namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Standard normal deviates for read noise, one fixed sequence per seed (reads one vector at a time
/// and in batches draw the same deviates in the same order).
/// </summary>
/// <remarks>
/// The ziggurat method (Marsaglia &amp; Tsang 2000, "The Ziggurat Method for Generating Random
/// Variables", J. Stat. Softw. 5(8), 128 layers: tail start r = 3.442619855899, layer area
/// v = 9.91256303526217e-3 for f(x) = exp(-x^2/2)): about 99 % of deviates cost one 64-bit draw,
/// a multiplication and a comparison; the rest are the wedges (rejection against f) and the
/// tail beyond r (Marsaglia 1964, "Generating a variable from the tail of the normal
/// distribution", Technometrics 6(1):101). Bits from xoshiro256** (Blackman &amp; Vigna 2021,
/// "Scrambled linear pseudorandom number generators", ACM Trans. Math. Softw. 47(4):36), seeded
/// from the given <see cref="Random"/>: 7 bits choose the layer, 1 the sign, 53 the position,
/// so layer and position are independent (the correlation Doornik 2005 found in the original
/// 32-bit form). A batch of 4096 reads of a 256-output tile draws a million deviates: 131,072
/// deviates took 1.1 ms of processor time here against 2.2 ms by the polar method from
/// <see cref="Random"/> (the former source; shared machine, our measurement).
/// Not thread safe: one per tile, used under the tile's lock.
/// </remarks>
public sealed class ReadNoiseSource
{
    private const int Layers = 128;
    private const double TailStart = 3.442619855899, LayerArea = 9.91256303526217e-3;
    private const double Unit = 1.0 / (1UL << 53);

    /// <summary>Layer right edges x_0 (the base strip's equivalent width v / f(r)) > x_1 = r > ... > x_127 > x_128 = 0, and f(x_i).</summary>
    private static readonly double[] X = new double[Layers + 1], F = new double[Layers + 1];

    static ReadNoiseSource()
    {
        X[0] = LayerArea / Math.Exp(-0.5 * TailStart * TailStart);
        X[1] = TailStart;
        for (int i = 1; i < Layers - 1; i++) X[i + 1] = Math.Sqrt(-2 * Math.Log(LayerArea / X[i] + Math.Exp(-0.5 * X[i] * X[i])));
        X[Layers] = 0;
        for (int i = 0; i <= Layers; i++) F[i] = Math.Exp(-0.5 * X[i] * X[i]);
    }

    private ulong _s0, _s1, _s2, _s3;

    public ReadNoiseSource(Random random)
    {
        Random = random ?? throw new ArgumentNullException(nameof(random));
        // Four draws of the seeded Random set the xoshiro state; an all-zero state (the generator's
        // one fixed point) is replaced by a constant.
        _s0 = (ulong)random.NextInt64(); _s1 = (ulong)random.NextInt64();
        _s2 = (ulong)random.NextInt64(); _s3 = (ulong)random.NextInt64();
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 0x9E3779B97F4A7C15UL;
    }

    /// <summary>The seeded source (circuit cores draw from it directly).</summary>
    public Random Random { get; }

    /// <summary>The next N(0, 1) deviate (dimensionless).</summary>
    public double Next()
    {
        ulong bits = NextBits();
        double z = (bits >> 11) * Unit * X[bits & (Layers - 1)];
        return z < X[(bits & (Layers - 1)) + 1] ? Sign(bits) * z : OutsideRectangle(bits, z);
    }

    /// <summary>
    /// The next <paramref name="z"/>.Length deviates, the same as that many <see cref="Next"/> calls:
    /// the generator's state kept in locals for the rectangles (about 99 % of deviates), stored
    /// back around the rare wedge and tail draws.
    /// </summary>
    public void Fill(Span<double> z)
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        var x = X;
        for (int k = 0; k < z.Length; k++)
        {
            ulong bits = ulong.RotateLeft(s1 * 5, 7) * 9, t = s1 << 17; // xoshiro256**, as NextBits
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = ulong.RotateLeft(s3, 45);
            int layer = (int)(bits & (Layers - 1));
            // (long) converts exactly (below 2^53) in one instruction where ulong takes several.
            double d = (long)(bits >> 11) * Unit * x[layer];
            if (d < x[layer + 1]) { z[k] = WithSign(bits, d); continue; }
            (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
            z[k] = OutsideRectangle(bits, d);
            (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    private static double Sign(ulong bits) => (bits & Layers) != 0 ? -1.0 : 1.0;

    /// <summary>
    /// <see cref="Sign"/>(bits) * d for d >= 0, bit for bit, without a branch: the sign bit of d set
    /// from bit 7 of the draw (a branch on a random bit is mispredicted half the time).
    /// </summary>
    private static double WithSign(ulong bits, double d) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(d) ^ (long)((bits & Layers) << 56));

    /// <summary>
    /// A draw <paramref name="bits"/> whose position <paramref name="z"/> is beyond its layer's
    /// rectangle: the tail for the base layer, else the wedge between x_{layer+1} and x_layer,
    /// accepted under the density; a rejected draw starts over with <see cref="Next"/>.
    /// </summary>
    private double OutsideRectangle(ulong bits, double z)
    {
        int layer = (int)(bits & (Layers - 1));
        if (layer == 0) return Sign(bits) * Tail();
        if (F[layer] + (NextBits() >> 11) * Unit * (F[layer + 1] - F[layer]) < Math.Exp(-0.5 * z * z)) return Sign(bits) * z;
        return Next();
    }

    /// <summary>|Z| conditioned on |Z| > r (Marsaglia 1964): a = -ln(u1)/r, b = -ln(u2), accepted when 2b > a^2, gives r + a.</summary>
    private double Tail()
    {
        double a, b;
        do
        {
            a = -Math.Log(((NextBits() >> 11) + 1) * Unit) / TailStart;
            b = -Math.Log(((NextBits() >> 11) + 1) * Unit);
        } while (2 * b < a * a);
        return TailStart + a;
    }

    /// <summary>xoshiro256**: 64 random bits.</summary>
    private ulong NextBits()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }
}
