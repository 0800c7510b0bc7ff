using System.Numerics;
using System.Runtime.CompilerServices;

namespace Xbar.Behavioral.Periphery;

/// <summary>
/// Rounding of <see cref="Vector{T}"/> lanes as <see cref="Math.Round(double, MidpointRounding)"/>
/// with <see cref="MidpointRounding.AwayFromZero"/> rounds one double, so the batched DAC and ADC
/// passes give the scalar converters' codes bit for bit (ties included).
/// </summary>
internal static class VectorRounding
{
    private static readonly Vector<double> Half = new(0.5);

    /// <summary>
    /// Nearest integer, halves away from zero: t = trunc(a) and the fraction a - t (exact in floating
    /// point: the fraction of a double is a double), then one step away from zero when |a - t| >= 0.5.
    /// Infinities stay infinite, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called per vector in the DAC and ADC passes
    public static Vector<double> AwayFromZero(Vector<double> a)
    {
        var t = Vector.Truncate(a);
        var up = Vector.GreaterThanOrEqual(Vector.Abs(a - t), Half);
        var step = Vector.ConditionalSelect(Vector.LessThan(a, Vector<double>.Zero), -Vector<double>.One, Vector<double>.One);
        return Vector.ConditionalSelect(up, t + step, t); // t itself, not t + 0, keeps the sign of a zero (-0.3 -> -0)
    }
}
