using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace Xbar.Devices.NonIdealities;

/// <summary>
/// Read noise: every read sees the cell's conductance G (S) plus a fresh zero-mean Gaussian of
/// standard deviation <see cref="Sigma"/> (S). Not part of a programmed <see cref="ICellArray"/>:
/// the caller draws it per read with its own seeded <see cref="Random"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoReadNoise), "none")]
[JsonDerivedType(typeof(RelativeReadNoise), "relative")]
[JsonDerivedType(typeof(PcmReadNoise), "pcm")]
public abstract record ReadNoise
{
    /// <summary>Standard deviation of one read of a cell of conductance <paramref name="conductance"/> (S), in S.</summary>
    public abstract double Sigma(double conductance);

    /// <summary>One noisy read of <paramref name="conductance"/> (S), clamped at 0 S.</summary>
    public double Sample(double conductance, Random rng)
    {
        double s = Sigma(conductance);
        return s == 0 ? conductance : Math.Max(0, conductance + s * Normal.Sample(rng, 0, 1));
    }

    /// <summary>No read noise (the ideal default).</summary>
    public static ReadNoise None { get; } = new NoReadNoise();
}

/// <summary>No read noise.</summary>
public sealed record NoReadNoise : ReadNoise
{
    public override double Sigma(double conductance) => 0;
}

/// <summary>
/// Read noise proportional to the conductance, sigma = r G (r dimensionless), the usual form for
/// thermal/shot/RTN-limited reads of resistive cells.
/// </summary>
public sealed record RelativeReadNoise : ReadNoise
{
    private readonly double relativeSigma;

    /// <summary>r, standard deviation relative to G (dimensionless; 0.01 = 1 %).</summary>
    public double RelativeSigma
    {
        get => relativeSigma;
        init => relativeSigma = Guard.NonNegative(value, nameof(RelativeSigma));
    }

    public override double Sigma(double conductance) => RelativeSigma * Math.Abs(conductance);
}

/// <summary>
/// IBM's PCM 1/f read noise accumulated up to time t after programming (Joshi et al., Nature
/// Communications 11, 2473 (2020); Nandakumar et al. ICECS 2019):
/// sigma = G Q_s sqrt(ln((t + t_read) / (2 t_read))), Q_s = min(0.0088 / g_T^0.65, 0.2),
/// g_T = G / G_max (g_T^0.65 floored at 1e-3), t_read = 250 ns.
/// </summary>
public sealed record PcmReadNoise : ReadNoise
{
    private readonly double maximumConductance = 25e-6;
    private readonly double time = 20;
    private readonly double readDuration = 250e-9;

    /// <summary>G_max of the normalization, in S (default 25 uS).</summary>
    public double MaximumConductance
    {
        get => maximumConductance;
        init => maximumConductance = Guard.Positive(value, nameof(MaximumConductance), "S");
    }

    /// <summary>t, time since programming at which the read happens, in s (default 20 s = t0).</summary>
    public double Time
    {
        get => time;
        init => time = Guard.Positive(value, nameof(Time), "s");
    }

    /// <summary>t_read, read duration of the 1/f integral, in s (default 250 ns).</summary>
    public double ReadDuration
    {
        get => readDuration;
        init => readDuration = Guard.Positive(value, nameof(ReadDuration), "s");
    }

    /// <summary>Q_s(g_T) = min(0.0088 / max(g_T^0.65, 1e-3), 0.2), dimensionless.</summary>
    public double Qs(double conductance) =>
        Math.Min(0.0088 / Math.Max(Math.Pow(Math.Abs(conductance) / MaximumConductance, 0.65), 1e-3), 0.2);

    public override double Sigma(double conductance) => Sigma(conductance, conductance);

    /// <summary>
    /// sigma in S of a cell of conductance <paramref name="conductance"/> (S) programmed to
    /// <paramref name="target"/> (S): G Q_s(g_T) sqrt(ln((t + t_read) / (2 t_read))), Q_s taken at the
    /// target as in Joshi et al. 2020 (aihwkit takes the programmed value; the difference is a few percent of Q_s).
    /// </summary>
    public double Sigma(double conductance, double target)
    {
        double integral = Math.Log((Time + ReadDuration) / (2 * ReadDuration));
        return Math.Abs(conductance) * Qs(target) * Math.Sqrt(Math.Max(integral, 0));
    }
}
