using Xbar.Devices.Arrays;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Linear;

/// <summary>Ideal ohmic multi-level cell, I = G_k V (see <see cref="LinearParameters"/>). SPICE form: a resistor.</summary>
public sealed class LinearDevice : IProgrammableDevice
{
    private readonly double[] levels;

    public LinearDevice(LinearParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        levels = ConductanceLevels.Build(parameters.States, parameters.MinConductance, parameters.MaxConductance,
            parameters.Levels, nameof(LinearParameters));
    }

    public LinearDevice() : this(new LinearParameters()) { }

    public LinearParameters Parameters { get; }

    public string Name => "linear";

    public int States => levels.Length;

    public bool IsLinear => true;

    public double Current(double v, int state) => NominalConductance(state) * v;

    public double Conductance(double v, int state) => NominalConductance(state);

    public double NominalConductance(int state)
    {
        CellCheck.ModelState(state, States);
        return levels[state];
    }

    public IReadOnlyList<string> SpiceDefinitions() => [];

    public IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state) =>
        new LinearCellArray(new[,] { { NominalConductance(state) } }).SpiceInstance(name, p, n, 0, 0);

    /// <summary>Programs a <see cref="LinearCellArray"/> (see <see cref="ConductanceProgramming"/>).</summary>
    public ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0) =>
        new LinearCellArray(ConductanceProgramming.Draw(levels, levels[^1], states, nonIdealities, seed, cycle));
}
