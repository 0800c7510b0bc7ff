namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The two coefficients <c>xbar calibrate</c> fits to the transfer model (<see cref="TransferModel"/>;
/// both 1 = the model as derived from the device and the nodal solves). Both multiply terms that exist
/// only because the cells' conductance depends on their bias, so both must be positive and near 1.
/// </summary>
/// <param name="CubicScale">
/// Scale on every bias-dependent term (N and the bit-line load term): the cells' cubic I-V
/// coefficient g3 as the tile sees it over the device's. For an MTJ g3 is proportional to
/// TMR0 / ((1+TMR0)^2 V_h^2), so a scale k is an effective half-bias voltage V_h / sqrt(k): it must
/// be positive (TMR falls with bias, Zhang et al. 2012 IEEE TED 59(3):819), and a value far from 1
/// means the model is absorbing error rather than describing the device.
/// </param>
/// <param name="LoadScale">Scale on the bit-line load term alone (how strongly the other rows' currents lower a cell's bias), on top of <paramref name="CubicScale"/>.</param>
public sealed record IrDropCorrection(double CubicScale = 1.0, double LoadScale = 1.0)
{
    public static IrDropCorrection Identity { get; } = new();

    /// <summary>The physical range of <see cref="CubicScale"/>: V_h within a factor sqrt(2) of the device's (our assumption for "the size the device has").</summary>
    public static (double Lo, double Hi) CubicScaleRange { get; } = (0.5, 2.0);

    /// <summary>The accepted range of <see cref="LoadScale"/> (our assumption: the rank-one load may be off by a factor two, not more).</summary>
    public static (double Lo, double Hi) LoadScaleRange { get; } = (0.5, 2.0);

    /// <summary>The effective TMR half-bias voltage (V) the fitted <see cref="CubicScale"/> amounts to for a device with <paramref name="deviceHalfBiasV"/>.</summary>
    public double EffectiveHalfBiasV(double deviceHalfBiasV) => CubicScale > 0 ? deviceHalfBiasV / Math.Sqrt(CubicScale) : double.NaN;
}
