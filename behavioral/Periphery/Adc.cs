using System.Numerics;
using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Periphery;

/// <summary>An output ADC: a value in (V or A) to the value its code stands for (same unit).</summary>
public interface IAdc
{
    /// <summary>The code (0..levels-1 for flash; signed step index for uniform).</summary>
    long Code(double value);

    /// <summary>The value the code of <paramref name="value"/> reports.</summary>
    double Convert(double value);
}

/// <summary>Unlimited resolution: passes values through.</summary>
public sealed class IdealAdc : IAdc
{
    public static readonly IdealAdc Instance = new();
    public long Code(double value) => 0;
    public double Convert(double value) => value;
}

/// <summary>
/// Uniform mid-tread ADC of b bits (sign included) over [-range, range]: step = range / 2^(b-1),
/// codes -2^(b-1)..2^(b-1)-1 (aihwkit's out_res/out_bound in the same spirit); zero is exact.
/// </summary>
public sealed class UniformAdc(int bits, double range) : IAdc
{
    private readonly double _step = range / (1L << (bits - 1));
    private readonly long _lo = -(1L << (bits - 1)), _hi = (1L << (bits - 1)) - 1;

    public double Step => _step;

    public long Code(double value) => Math.Clamp((long)Math.Round(value / _step, MidpointRounding.AwayFromZero), _lo, _hi);

    public double Convert(double value) => Code(value) * _step;

    /// <summary>
    /// <see cref="Convert(double)"/> on every lane, bit for bit: the code rounded as
    /// <see cref="Math.Round(double, MidpointRounding)"/> (<see cref="VectorRounding"/>), clamped in
    /// double (lo and hi are exact doubles), and NaN read as code 0 as the saturating cast to long does.
    /// </summary>
    public Vector<double> Convert(Vector<double> value)
    {
        var code = VectorRounding.AwayFromZero(value / new Vector<double>(_step));
        code = Vector.Min(Vector.Max(code, new Vector<double>(_lo)), new Vector<double>(_hi));
        // A code of -0 (a value just below zero) is the long 0, so +0 as the scalar path gives (-0 + 0 = +0).
        code = Vector.ConditionalSelect(Vector.Equals(value, value), code + Vector<double>.Zero, Vector<double>.Zero);
        return code * new Vector<double>(_step);
    }
}

/// <summary>Flash ADC from its measured thresholds (<see cref="FlashAdcThresholds"/>).</summary>
public sealed class FlashAdc : IAdc
{
    private readonly double[] _thresholds;
    private readonly double[] _levels;

    public FlashAdc(FlashAdcThresholds spec)
    {
        spec.Validate("flash");
        _thresholds = spec.EffectiveThresholds;
        _levels = spec.ReconstructionLevels();
    }

    /// <summary>Number of comparators that fire (value strictly above threshold + offset).</summary>
    public long Code(double value)
    {
        // Offsets may reorder effective thresholds, so count rather than bisect.
        long c = 0;
        foreach (double t in _thresholds) if (value > t) c++;
        return c;
    }

    public double Convert(double value) => _levels[Code(value)];
}

/// <summary>Builds the ADC a config asks for.</summary>
public static class AdcFactory
{
    /// <param name="defaultRange">Full scale used when the config gives none (the tile's largest possible output).</param>
    public static IAdc Create(OutputConfig cfg, double defaultRange)
    {
        if (cfg.Flash is { } flash) return new FlashAdc(flash);
        if (cfg.AdcBits is { } bits) return new UniformAdc(bits, cfg.AdcRange ?? defaultRange);
        return IdealAdc.Instance;
    }
}
