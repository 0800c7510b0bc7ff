using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Rram;

/// <summary>Multi-level RRAM cell (<see cref="RramParameters"/>, <see cref="RramLaw"/>).</summary>
public sealed class RramDevice : IProgrammableDevice
{
    private readonly double[] levels;

    public RramDevice(RramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        levels = ConductanceLevels.Build(parameters.States, parameters.MinConductance, parameters.MaxConductance,
            parameters.Levels, nameof(RramParameters));
    }

    public RramDevice() : this(new RramParameters()) { }

    public RramParameters Parameters { get; }

    public string Name => "rram";

    public int States => levels.Length;

    public bool IsLinear => Parameters.NonlinearityVoltage is null;

    public double NominalConductance(int state)
    {
        CellCheck.ModelState(state, States);
        return levels[state];
    }

    public double Current(double v, int state) => Parameters.NonlinearityVoltage is { } v0
        ? RramLaw.Current(v, NominalConductance(state), v0)
        : NominalConductance(state) * v;

    public double Conductance(double v, int state) => Parameters.NonlinearityVoltage is { } v0
        ? RramLaw.Conductance(v, NominalConductance(state), v0)
        : NominalConductance(state);

    public IReadOnlyList<string> SpiceDefinitions() => IsLinear ? [] : RramLaw.SpiceDefinitions();

    public IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state) =>
        Program(new[,] { { state } }, DeviceNonIdealities.Ideal, 0).SpiceInstance(name, p, n, 0, 0);

    /// <summary>Programs an array (see <see cref="ConductanceProgramming"/>): linear cells without V0, sinh cells with it.</summary>
    public ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        var g = ConductanceProgramming.Draw(levels, levels[^1], states, nonIdealities, seed, cycle);
        return Parameters.NonlinearityVoltage is { } v0 ? new RramCellArray(g, v0) : new LinearCellArray(g);
    }
}
