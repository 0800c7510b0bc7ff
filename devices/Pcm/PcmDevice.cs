using MathNet.Numerics.Distributions;
using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Pcm;

/// <summary>
/// Multi-level PCM cell (<see cref="PcmParameters"/>): ohmic, with the nominal conductance of a
/// state drifted to <see cref="PcmParameters.Time"/> with the mean exponent mu_nu. Programmed
/// arrays draw programming error first (at t0), then each cell's own drift exponent.
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
        return PcmDrift.Apply(g, PcmDrift.MeanNu(g / Parameters.MaxConductance), Parameters.Time, Parameters.ReferenceTime);
    }

    public double Current(double v, int state) => NominalConductance(state) * v;

    public double Conductance(double v, int state) => NominalConductance(state);

    public IReadOnlyList<string> SpiceDefinitions() => [];

    public IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state) =>
        new LinearCellArray(new[,] { { NominalConductance(state) } }).SpiceInstance(name, p, n, 0, 0);

    /// <summary>
    /// Programs a <see cref="LinearCellArray"/>: targets with spread, programming error and offsets
    /// (<see cref="ConductanceProgramming"/>), then drift to <see cref="PcmParameters.Time"/> with a
    /// per-cell nu (its own random stream, <see cref="RandomStreams.Drift"/>).
    /// </summary>
    public ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed)
    {
        var g = ConductanceProgramming.Draw(levels, Parameters.MaxConductance, states, nonIdealities, seed);
        if (Parameters.Time > Parameters.ReferenceTime)
        {
            var rng = RandomStreams.For(seed, RandomStreams.Drift);
            for (int i = 0; i < g.GetLength(0); i++)
                for (int j = 0; j < g.GetLength(1); j++)
                {
                    double gT = levels[states[i, j]] / Parameters.MaxConductance;
                    double nu = PcmDrift.MeanNu(gT);
                    if (Parameters.DriftVariability)
                        nu = Math.Abs(nu + PcmDrift.SigmaNu(gT) * Normal.Sample(rng, 0, 1));
                    g[i, j] = PcmDrift.Apply(g[i, j], nu, Parameters.Time, Parameters.ReferenceTime);
                }
        }
        return new LinearCellArray(g);
    }
}
