using System.Numerics;
using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Periphery;

/// <summary>
/// Transimpedance amplifier holding the bit line at virtual ground: V_out = R_f * I (V; the sign
/// inversion of a real inverting TIA is undone here so V_out has the sign of the column current),
/// clipped at +-V_sat. Without a gain in the config the readout is the current itself (A).
/// </summary>
public sealed class Tia
{
    private readonly double _gain;
    private readonly double _sat;

    public Tia(OutputConfig cfg)
    {
        _gain = cfg.TiaGainOhm ?? 1.0;
        _sat = cfg.TiaSaturationV ?? double.PositiveInfinity;
    }

    /// <summary>Output per ampere (Ohm, or 1 without a TIA).</summary>
    public double Gain => _gain;

    public double Apply(double current) => Math.Clamp(current * _gain, -_sat, _sat);

    /// <summary><see cref="Apply(double)"/> on every lane (the same value bit for bit; NaN stays NaN).</summary>
    public Vector<double> Apply(Vector<double> current) =>
        Vector.Min(Vector.Max(current * new Vector<double>(_gain), new Vector<double>(-_sat)), new Vector<double>(_sat));
}
