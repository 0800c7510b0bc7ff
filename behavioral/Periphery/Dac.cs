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
}
