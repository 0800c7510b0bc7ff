using Xbar.Devices.Arrays;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Mtj;

/// <summary>
/// Multi-state MTJ cell (Moureaux et al. 2026; Gupte et al. 2026): state k is the parallel area
/// fraction x_k of a granular free layer, conducting by <see cref="MtjLaw"/>. Nonlinear through
/// the bias-dependent TMR.
/// </summary>
public sealed class MtjDevice : IProgrammableDevice
{
    private readonly double[] fractions;

    /// <summary>Builds the model; checks that explicit fractions (if any) match <see cref="MtjParameters.States"/>.</summary>
    public MtjDevice(MtjParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        if (parameters.ParallelFractions is { } given)
        {
            if (given.Count != parameters.States)
                throw new InvalidInputException(
                    $"{nameof(MtjParameters.ParallelFractions)} has {given.Count} entries but {nameof(MtjParameters.States)} is {parameters.States}.");
            fractions = given.ToArray();
        }
        else
        {
            fractions = new double[parameters.States];
            for (int k = 0; k < fractions.Length; k++)
                fractions[k] = (double)k / (parameters.States - 1);
        }
    }

    /// <summary>A 4-state MTJ with the default (published) parameters.</summary>
    public MtjDevice() : this(new MtjParameters()) { }

    public MtjParameters Parameters { get; }

    public string Name => "mtj";

    public int States => Parameters.States;

    /// <summary>False: the AP conduction depends on bias (unless TMR0 = 0 or every state is fully parallel).</summary>
    public bool IsLinear => Parameters.Tmr0 == 0;

    /// <summary>Parallel area fraction x of <paramref name="state"/> (dimensionless, 0..1).</summary>
    public double ParallelFraction(int state)
    {
        CellCheck.ModelState(state, States);
        return fractions[state];
    }

    public double Current(double v, int state) =>
        MtjLaw.Current(v, Parameters.ConductanceParallel, Parameters.Tmr0, Parameters.HalfBiasVoltage, ParallelFraction(state));

    public double Conductance(double v, int state) =>
        MtjLaw.Conductance(v, Parameters.ConductanceParallel, Parameters.Tmr0, Parameters.HalfBiasVoltage, ParallelFraction(state));

    public double NominalConductance(int state) =>
        MtjLaw.LowBiasConductance(Parameters.ConductanceParallel, Parameters.Tmr0, ParallelFraction(state));

    public IReadOnlyList<string> SpiceDefinitions() => MtjLaw.SpiceDefinitions();

    public IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state) =>
        [MtjLaw.SpiceInstance(name, p, n, Parameters.ConductanceParallel, Parameters.Tmr0, Parameters.HalfBiasVoltage, ParallelFraction(state))];

    /// <summary>Programs an MTJ array (see <see cref="MtjProgramming"/>).</summary>
    public ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0) =>
        MtjProgramming.Program(this, states, nonIdealities, seed, cycle);
}
