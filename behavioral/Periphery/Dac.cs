using System.Numerics;
using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Periphery;

/// <summary>
/// Input DAC: an input x (clipped to +-<see cref="InputConfig.InputMax"/>) becomes a word-line
/// voltage x / InputMax * V_read, rounded to 2^bits - 1 magnitude steps plus a sign (sign-magnitude,
/// as aihwkit's inp_res does). Unlimited bits when <see cref="InputConfig.DacBits"/> is null.
/// </summary>
public sealed class Dac
{
    private readonly double _inputMax, _vRead;
    private readonly double _steps; // 0 = unlimited

    public Dac(InputConfig cfg)
    {
        _inputMax = cfg.InputMax;
        _vRead = cfg.ReadVoltageV;
        _steps = cfg.DacBits is { } b ? (1L << b) - 1 : 0;
    }

    /// <summary>Volts per input unit.</summary>
    public double VoltsPerUnit => _vRead / _inputMax;

    /// <summary>The fraction of full scale in [-1, 1], quantized.</summary>
    public double Fraction(double x)
    {
        double f = Math.Clamp(x / _inputMax, -1.0, 1.0);
        if (double.IsNaN(f)) throw new InvalidInputException("inputs: a value is not a number");
        return _steps > 0 ? Math.Round(f * _steps, MidpointRounding.AwayFromZero) / _steps : f;
    }

    /// <summary>The digital code magnitude 0..2^bits-1 of an input (bit-serial encoding).</summary>
    public long Code(double x) => (long)Math.Round(Math.Abs(Fraction(x)) * _steps, MidpointRounding.AwayFromZero);

    /// <summary>Word-line voltage of an input (V).</summary>
    public double Voltage(double x) => Fraction(x) * _vRead;

    /// <summary>
    /// Word-line voltages (V) of <paramref name="x"/>, each divided by <paramref name="inputScale"/>
    /// first: <see cref="Voltage"/> of x / inputScale on <see cref="Vector{T}"/> lanes, the same
    /// operations in the same order, so the same voltages bit for bit (a batch's DAC pass). Returns
    /// whether any voltage is non-zero.
    /// </summary>
    public bool Voltages(ReadOnlySpan<double> x, double inputScale, Span<double> v)
    {
        if (v.Length < x.Length) throw new ArgumentException($"{x.Length} inputs need {x.Length} voltages, got {v.Length}");
        int n = x.Length, w = Vector<double>.Count, k = 0;
        var any = Vector<long>.Zero;
        var nan = Vector<long>.Zero;
        Vector<double> scale = new(inputScale), max = new(_inputMax), steps = new(_steps), vRead = new(_vRead);
        for (; k <= n - w; k += w)
        {
            var f = new Vector<double>(x.Slice(k, w)) / scale / max;
            nan |= ~Vector.Equals(f, f);
            f = Vector.MinNative(Vector.MaxNative(f, -Vector<double>.One), Vector<double>.One); // no NaN here (checked below), so as Math.Clamp
            if (_steps > 0) f = VectorRounding.AwayFromZero(f * steps) / steps;
            var volts = f * vRead;
            volts.CopyTo(v.Slice(k, w));
            any |= ~Vector.Equals(volts, Vector<double>.Zero);
        }
        if (nan != Vector<long>.Zero) throw new InvalidInputException("inputs: a value is not a number");
        bool nonZero = any != Vector<long>.Zero;
        for (; k < n; k++)
        {
            v[k] = Voltage(x[k] / inputScale);
            nonZero |= v[k] != 0;
        }
        return nonZero;
    }
}
