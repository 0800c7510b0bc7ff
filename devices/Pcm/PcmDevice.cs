using MathNet.Numerics.Distributions;
using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Pcm;

/// <summary>
/// Multi-level PCM cell (<see cref="PcmParameters"/>): ohmic, with the nominal conductance of a
/// state drifted to <see cref="PcmParameters.Time"/> with the mean exponent mu_nu. A programmed
/// array is the statistical model of Joshi et al., Nature Communications 11, 2473 (2020), Methods
/// (the one aihwkit implements): programming error at t0 (cycle-to-cycle), drift with each
/// device's own exponent nu (device-to-device: a re-programmed device keeps its nu; our choice, since
/// Joshi et al. report the spread of nu across devices, not its cycle-to-cycle part), then optionally the 1/f read noise accumulated until t (cycle-to-cycle).
/// </summary>
public sealed class PcmDevice : IProgrammableDevice
{
    private readonly double[] levels;

    public PcmDevice(PcmParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        levels = ConductanceLevels.Build(parameters.States, parameters.MinConductance, parameters.MaxConductance,
            parameters.Levels, nameof(PcmParameters));
    }

    public PcmDevice() : this(new PcmParameters()) { }

    public PcmParameters Parameters { get; }

    public string Name => "pcm";

    public int States => levels.Length;

    public bool IsLinear => true;

    /// <summary>Target conductance of <paramref name="state"/> at t0 (before drift), in S.</summary>
    public double TargetConductance(int state)
    {
        CellCheck.ModelState(state, States);
        return levels[state];
    }

    /// <summary>Nominal conductance at <see cref="PcmParameters.Time"/>: the target drifted with mu_nu, in S.</summary>
    public double NominalConductance(int state)
    {
        double g = TargetConductance(state);
        return Parameters.Drift ? PcmDrift.Apply(g, PcmDrift.MeanNu(g / Parameters.MaxConductance), Parameters.Time, Parameters.ReferenceTime) : g;
    }

    public double Current(double v, int state) => NominalConductance(state) * v;

    public double Conductance(double v, int state) => NominalConductance(state);

    public IReadOnlyList<string> SpiceDefinitions() => [];

    public IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state) =>
        new LinearCellArray(new[,] { { NominalConductance(state) } }).SpiceInstance(name, p, n, 0, 0);

    /// <summary>
    /// Programs a <see cref="LinearCellArray"/>: targets with spread, programming error and offsets
    /// (<see cref="ConductanceProgramming"/>), then drift to <see cref="PcmParameters.Time"/> with a
    /// per-cell nu (the device stream <see cref="RandomStreams.Drift"/> of the seed), then, with
    /// <see cref="PcmParameters.ReadNoise"/>, G(t) + sigma_1/f(t) z (the cycle stream
    /// <see cref="RandomStreams.PcmReadNoise"/>), clamped at 0 S.
    /// </summary>
    public ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        var g = ConductanceProgramming.Draw(levels, Parameters.MaxConductance, states, nonIdealities, seed, cycle);
        double gMax = Parameters.MaxConductance;
        if (Parameters.Drift && Parameters.Time > Parameters.ReferenceTime)
        {
            var rng = RandomStreams.For(seed, RandomStreams.Drift);
            for (int i = 0; i < g.GetLength(0); i++)
                for (int j = 0; j < g.GetLength(1); j++)
                {
                    double gT = levels[states[i, j]] / gMax;
                    double nu = PcmDrift.MeanNu(gT);
                    if (Parameters.DriftVariability)
                        nu = Math.Abs(nu + PcmDrift.SigmaNu(gT) * Normal.Sample(rng, 0, 1));
                    g[i, j] = PcmDrift.Apply(g[i, j], nu, Parameters.Time, Parameters.ReferenceTime);
                }
        }
        if (Parameters.ReadNoise)
        {
            var read = new PcmReadNoise { MaximumConductance = gMax, Time = Parameters.Time };
            var rng = RandomStreams.ForCycle(seed, RandomStreams.PcmReadNoise, cycle);
            for (int i = 0; i < g.GetLength(0); i++)
                for (int j = 0; j < g.GetLength(1); j++)
                    g[i, j] = Math.Max(0, g[i, j] + read.Sigma(g[i, j], levels[states[i, j]]) * Normal.Sample(rng, 0, 1));
        }
        return new LinearCellArray(g);
    }
}
