using Xbar.Devices;

namespace Xbar.Circuits.Cost;

/// <summary>
/// A memory cell as the cost model sees it: the device (its SPICE form and conduction law from
/// <c>devices/</c>), the number of states, and the cell's footprint in units of F (width along the
/// word line, height along the bit line), from a published macro.
/// </summary>
/// <param name="Name">Config name (<c>mtj1</c>, <c>mtj2</c>, <c>rram</c>, <c>pcm</c>).</param>
/// <param name="Device">Device kind for <see cref="DeviceCatalog"/>.</param>
/// <param name="States">Programmable states (2 = 1 bit per cell).</param>
/// <param name="WidthF">Cell width along the word line, in F.</param>
/// <param name="HeightF">Cell height along the bit line, in F.</param>
/// <param name="Source">Where the footprint comes from.</param>
public sealed record CostCell(string Name, string Device, int States, double WidthF, double HeightF, string Source)
{
    /// <summary>Cell area in F^2.</summary>
    public double AreaF2 => WidthF * HeightF;

    /// <summary>Bits stored per cell, log2(states).</summary>
    public double BitsPerCell => Math.Log2(States);

    /// <summary>The device model with this cell's number of states.</summary>
    public IDeviceModel Model() => DeviceCatalog.Create(Device, States);

    /// <summary>Largest low-bias conductance of any state (S): the full-scale current of a column is rows x V_read x this.</summary>
    public double MaxConductance(double readVoltage)
    {
        var model = Model();
        double g = 0;
        for (int s = 0; s < model.States; s++) g = Math.Max(g, Math.Abs(model.Current(readVoltage, s) / readVoltage));
        return g;
    }
}

/// <summary>
/// The cell types of the cost model. Footprints (F = 22 nm unless said):
/// <list type="bullet">
/// <item>1T1MTJ: 216 nm x 225 nm = 0.0486 um^2 = 100 F^2, Intel's 22FFL STT-MRAM bit cell
/// (O. Golonzka et al., "MRAM as embedded non-volatile memory solution for 22FFL FinFET technology",
/// IEDM 2018). The 4-state (2-bit) MTJ of Gupte et al. 2026 changes the free layer, not the
/// footprint: the same cell (our assumption, as in Gupte's tile comparison).</item>
/// <item>1T1R RRAM: the same 216 nm x 225 nm cell on 22FFL (P. Jain et al., "A 3.6Mb 10.1Mb/mm^2
/// embedded non-volatile ReRAM macro in 22nm FinFET technology", ISSCC 2019).</item>
/// <item>1T1PCM: 0.036 um^2 at 28 nm = 46 F^2, the embedded PCM cell of ST's 28 nm FD-SOI
/// (F. Arnaud et al., "Truly innovative 28nm FDSOI technology for automotive micro-controller
/// applications embedding 16MB phase change memory", IEDM 2018); taken square, 6.8 F x 6.8 F (our assumption).</item>
/// </list>
/// States: MTJ 2 (1 bit) or 4 (2 bits); RRAM and PCM 4 (2 bits, our choice of default; any count
/// the device supports can be set in the config).
/// </summary>
public static class CostCells
{
    private static readonly Dictionary<string, CostCell> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mtj1"] = new("mtj1", "mtj", 2, 216 / 22.0, 225 / 22.0, "Intel 22FFL 1T1MTJ, 216x225 nm (Golonzka et al., IEDM 2018)"),
        ["mtj2"] = new("mtj2", "mtj", 4, 216 / 22.0, 225 / 22.0, "Intel 22FFL 1T1MTJ, 216x225 nm (Golonzka et al., IEDM 2018); 4-state free layer (Gupte et al. 2026)"),
        ["rram"] = new("rram", "rram", 4, 216 / 22.0, 225 / 22.0, "Intel 22FFL 1T1R ReRAM, 216x225 nm (Jain et al., ISSCC 2019)"),
        ["pcm"] = new("pcm", "pcm", 4, Math.Sqrt(0.036e-12) / 28e-9, Math.Sqrt(0.036e-12) / 28e-9, "ST 28 nm FD-SOI ePCM, 0.036 um^2 (Arnaud et al., IEDM 2018), square (our assumption)"),
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    /// <summary>The cell named <paramref name="name"/>, with <paramref name="states"/> overriding its default states when given.</summary>
    public static CostCell Get(string? name, int? states = null, string field = "array.cell")
    {
        var cell = CostConfigChecks.OneOf(field, name, All, "cell type");
        if (states is { } s)
        {
            cell = cell with { States = s };
            try { cell.Model(); }
            catch (InvalidInputException e) { throw new InvalidInputException($"array.states: {e.Message}"); }
        }
        return cell;
    }
}
