using System.Numerics.Tensors;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Standard normal deviates for read noise, drawn in blocks and handed out in order, so a seed gives
/// one fixed sequence whether a tile reads one vector at a time or a whole batch.
/// </summary>
/// <remarks>
/// Uniforms from xoshiro256** (Blackman &amp; Vigna 2021, "Scrambled linear pseudorandom number
/// generators", ACM Trans. Math. Softw. 47(4):36), its 256-bit state seeded from the given
/// <see cref="Random"/>; deviates by the Box-Muller transform (Box &amp; Muller 1958, "A note on the
/// generation of random normal deviates", Ann. Math. Statist. 29(2):610, eq. 1: z1 = sqrt(-2 ln u1)
/// cos(2 pi u2), z2 = sqrt(-2 ln u1) sin(2 pi u2)), evaluated a block at a time with the SIMD
/// logarithm, square root and sine/cosine of System.Numerics.Tensors. A batch of 4096 reads of a
/// 256-output tile draws a million deviates; one at a time from <see cref="Random"/> by the polar
/// method (the former source) they cost about 25 ns each, here a few ns. Not thread safe: one per
/// tile, used under the tile's lock.
/// </remarks>
public sealed class ReadNoiseSource
{
    /// <summary>Deviates per block: half cosines, half sines of the same pairs.</summary>
    private const int BlockSize = 512;

    private readonly double[] _block = new double[BlockSize];
    private readonly double[] _u1 = new double[BlockSize / 2];
    private readonly double[] _u2 = new double[BlockSize / 2];
    private int _next = BlockSize;
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
        if (_next == BlockSize) Refill();
        return _block[_next++];
    }

    private void Refill()
    {
        const double unit = 1.0 / (1UL << 53);
        int half = BlockSize / 2;
        for (int k = 0; k < half; k++)
        {
            _u1[k] = ((NextBits() >> 11) + 1) * unit; // (0, 1]: the logarithm stays finite
            _u2[k] = (NextBits() >> 11) * unit;       // [0, 1)
        }
        var u1 = _u1.AsSpan();
        var u2 = _u2.AsSpan();
        var cos = _block.AsSpan(0, half);
        var sin = _block.AsSpan(half, half);
        TensorPrimitives.Log(u1, u1);
        TensorPrimitives.Multiply(u1, -2.0, u1);
        TensorPrimitives.Sqrt(u1, u1); // radius sqrt(-2 ln u1)
        TensorPrimitives.Multiply(u2, 2 * Math.PI, u2);
        TensorPrimitives.SinCos(u2, sin, cos);
        TensorPrimitives.Multiply(cos, u1, cos);
        TensorPrimitives.Multiply(sin, u1, sin);
        _next = 0;
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
