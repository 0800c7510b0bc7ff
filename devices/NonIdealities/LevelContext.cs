namespace Xbar.Devices.NonIdealities;

/// <summary>
/// Where a programmed state sits in its device's conductance window, as the programming-error
/// models need it. All conductances are low-bias values in S.
/// </summary>
/// <param name="State">State index k.</param>
/// <param name="States">Number of states N.</param>
/// <param name="Target">Target conductance G_k of the state, in S.</param>
/// <param name="Lowest">Conductance of state 0, in S.</param>
/// <param name="Highest">Conductance of state N-1, in S.</param>
/// <param name="Maximum">The device's maximum conductance G_max used for normalization (e.g. PCM's 25 uS), in S.</param>
public readonly record struct LevelContext(int State, int States, double Target, double Lowest, double Highest, double Maximum)
{
    /// <summary>Position of the state in the window, f = (G_k - G_0) / (G_{N-1} - G_0), in [0, 1].</summary>
    public double Fraction => Highest > Lowest ? Math.Clamp((Target - Lowest) / (Highest - Lowest), 0, 1) : 0;
}
