namespace Xbar.Devices.NonIdealities;

/// <summary>Published non-ideality sets, each citing its source. All values in SI units (S, Ohm, s).</summary>
public static class NonIdealityPresets
{
    /// <summary>
    /// Moureaux et al. 2026 (N-ary MTJ crossbar): systematic per-state offset sigma_NL = 50 Ohm and a
    /// random per-cell offset sigma_perp (Ohm, the paper sweeps it upward from 0).
    /// </summary>
    public static DeviceNonIdealities Moureaux2026(double sigmaPerpOhm = 0) => new()
    {
        Offsets = new StateOffsets { SigmaNl = 50, SigmaPerp = sigmaPerpOhm },
    };

    /// <summary>
    /// IBM PCM (Joshi et al., Nature Communications 2020): the published programming-noise polynomial
    /// and the 1/f read noise at read time <paramref name="time"/> (s). Drift is set on
    /// <see cref="Pcm.PcmParameters.Time"/>.
    /// </summary>
    public static DeviceNonIdealities Pcm2020(double time = 20) => new()
    {
        Programming = new PcmProgrammingError(),
        Read = new PcmReadNoise { Time = time },
    };

    /// <summary>
    /// RRAM with state-independent Gaussian programming noise of <paramref name="sigmaSiemens"/> (S).
    /// Siegel et al. 2024 use 15 uS, which would swamp a 1-25 uS window (it is accepted, and cells
    /// are clamped at 0 S). The default 1 uS (4 % of a 25 uS window) is of the order of the spread
    /// left by iterative write-verify plus conductance relaxation on the NeuRRAM chip (Wan et al.,
    /// Nature 608, 504 (2022), Extended Data Fig. 3) and keeps 4 levels spaced 8 uS apart resolvable.
    /// </summary>
    public static DeviceNonIdealities RramGaussian(double sigmaSiemens = 1e-6) => new()
    {
        Programming = new GaussianProgrammingError { SigmaSiemens = sigmaSiemens },
    };

    /// <summary>
    /// Granular-free-layer MTJ (Gupte et al. 2026): binomial programming error of
    /// <paramref name="grains"/> grains (intermediate states noisiest) and lognormal
    /// device spread of R_P and TMR0 (sigma of ln, dimensionless).
    /// </summary>
    public static DeviceNonIdealities MtjGranular(int grains = 100, double sigmaLnResistance = 0.02, double sigmaLnTmr = 0.02) => new()
    {
        Programming = new GranularProgrammingError { Grains = grains },
        Spread = new DeviceSpread { SigmaLnResistance = sigmaLnResistance, SigmaLnTmr = sigmaLnTmr },
    };
}
