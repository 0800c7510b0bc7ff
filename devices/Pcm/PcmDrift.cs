namespace Xbar.Devices.Pcm;

/// <summary>
/// PCM conductance drift, G(t) = G(t0) (t / t0)^(-nu) for t &gt; t0 (Joshi et al., Nature
/// Communications 11, 2473 (2020), Methods; Nandakumar et al., ICECS 2019). The drift exponent
/// of a cell is Gaussian with state-dependent mean and spread, fitted on one million devices:
/// mu_nu(g_T) = clamp(-0.0155 ln g_T + 0.0244, 0.049, 0.1),
/// sigma_nu(g_T) = clamp(-0.0125 ln g_T - 0.0059, 0.008, 0.045), g_T = G_T / G_max
/// (g_T floored at 1e-7), and nu = |draw|. So nu is about 0.05 for high conductances and grows
/// towards 0.1 for low ones. Times in s, conductances in S.
/// </summary>
public static class PcmDrift
{
    private const double ZeroClip = 1e-7;

    /// <summary>Mean drift exponent mu_nu for normalized target conductance <paramref name="gT"/>.</summary>
    public static double MeanNu(double gT) => Math.Clamp(-0.0155 * Math.Log(Math.Max(Math.Abs(gT), ZeroClip)) + 0.0244, 0.049, 0.1);

    /// <summary>Standard deviation sigma_nu of the drift exponent for normalized target conductance <paramref name="gT"/>.</summary>
    public static double SigmaNu(double gT) => Math.Clamp(-0.0125 * Math.Log(Math.Max(Math.Abs(gT), ZeroClip)) - 0.0059, 0.008, 0.045);

    /// <summary>G(t) from G(t0) (S) with exponent <paramref name="nu"/>; unchanged for t &lt;= t0.</summary>
    public static double Apply(double g0, double nu, double time, double referenceTime) =>
        time > referenceTime ? g0 * Math.Pow(time / referenceTime, -nu) : g0;
}
