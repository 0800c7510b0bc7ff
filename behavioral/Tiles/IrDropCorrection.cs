namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The free parameters of the fast IR-drop model that <c>xbar calibrate</c> fits (all 1 = the
/// physical model as derived): scales on the word-line and bit-line segment resistances (what the
/// decoupled ladders miss of the coupling between lines, and driver/sense effects), a scale on the
/// per-cell cubic term of bias-dependent cells (the MTJ's TMR(V) seen at the real, IR-dropped
/// bias), and an overall gain.
/// </summary>
public sealed record IrDropCorrection(double WordLineScale = 1.0, double BitLineScale = 1.0, double CubicScale = 1.0, double Gain = 1.0)
{
    public static IrDropCorrection Identity { get; } = new();

    public double[] ToArray() => [WordLineScale, BitLineScale, CubicScale, Gain];

    public static IrDropCorrection FromArray(IReadOnlyList<double> p) => new(p[0], p[1], p[2], p[3]);

    public static readonly string[] Names = ["word_line_scale", "bit_line_scale", "cubic_scale", "gain"];
}
