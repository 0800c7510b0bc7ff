namespace Xbar.Devices;

/// <summary>
/// A compact model of one memory-cell kind with <see cref="States"/> programmable states:
/// the nominal (undisturbed) current-voltage law of every state, its derivative for Newton
/// solves, and its SPICE form (a subcircuit around a B source evaluating the same formula).
/// </summary>
/// <remarks>
/// Sign convention as in <see cref="ICellArray"/>: <c>v</c> is the voltage across the cell (V),
/// the current flows from the positive terminal to the negative one (A). Every model here is odd
/// in <c>v</c> (I(-v) = -I(v)).
/// </remarks>
public interface IDeviceModel
{
    /// <summary>Short name used in configs, netlists and reports (e.g. <c>mtj</c>).</summary>
    string Name { get; }

    /// <summary>Number of programmable states (state indices 0..States-1, 0 = lowest conductance).</summary>
    int States { get; }

    /// <summary>True when every state is ohmic (I = G V).</summary>
    bool IsLinear { get; }

    /// <summary>Current through a nominal cell in <paramref name="state"/> at bias <paramref name="v"/> (V), in A.</summary>
    double Current(double v, int state);

    /// <summary>Small-signal conductance dI/dV of a nominal cell in <paramref name="state"/> at bias <paramref name="v"/>, in S.</summary>
    double Conductance(double v, int state);

    /// <summary>Low-bias conductance (dI/dV at v = 0) of <paramref name="state"/>, in S.</summary>
    double NominalConductance(int state);

    /// <summary>SPICE definitions (e.g. a <c>.subckt</c>) needed once per netlist; may be empty.</summary>
    IReadOnlyList<string> SpiceDefinitions();

    /// <summary>SPICE line(s) of a nominal cell named <paramref name="name"/> in <paramref name="state"/> between nodes <paramref name="p"/> (+) and <paramref name="n"/> (-).</summary>
    IReadOnlyList<string> SpiceInstance(string name, string p, string n, int state);
}
