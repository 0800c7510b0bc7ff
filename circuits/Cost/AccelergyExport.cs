using System.Globalization;
using System.Text;

namespace Xbar.Circuits.Cost;

/// <summary>
/// Writes a tile's per-operation energies and areas as Accelergy tables, the interchange format
/// of the Accelergy/Timeloop/CiMLoop ecosystem (Y. N. Wu, J. S. Emer and V. Sze, "Accelergy: an
/// architecture-level energy estimation methodology for accelerator designs", ICCAD 2019; T.
/// Andrulis, J. S. Emer and V. Sze, "CiMLoop", ISPASS 2024): an energy reference table
/// (<c>ERT:</c>, version 0.3 as Accelergy writes it, e.g. timeloop-mapper.ERT.yaml of the
/// timeloop-accelergy-exercises' simple_pim design: per component a list of actions with
/// <c>arguments</c> and <c>energy</c> in pJ) and an area reference table (<c>ART:</c>, area in um^2).
/// Components are named <c>NAME.part[0..K-1]</c> with K the number of instances per tile, so an
/// action's energy is that of one instance: one word-line driver per MVM, one cell read (MAC, the
/// cells' and wires' energy divided by R x C), one TIA read, one ADC conversion, one shift-and-add.
/// </summary>
public static class AccelergyExport
{
    /// <summary>The ERT YAML text.</summary>
    public static string EnergyTable(string name, TileCostConfig tile, MvmCost cost, string description)
    {
        int m = tile.Arr.Rows, n = tile.Arr.Cols;
        var e = cost.Energy;
        var sb = Header(description, "ERT", "energies in pJ per action of one instance");
        sb.Append("ERT:\n  version: 0.3\n  tables:\n");
        void Table(string component, string action, double joules)
        {
            sb.Append("  - name: ").Append(component).Append('\n')
              .Append("    actions:\n")
              .Append("    - name: ").Append(action).Append('\n')
              .Append("      arguments: null\n")
              .Append("      energy: ").Append(Num(joules * 1e12)).Append('\n');
        }
        Table(name, "mvm", e.Total);
        Table($"{name}.word_line_driver[0..{m - 1}]", "drive", e.Drivers / m);
        Table($"{name}.cell[0..{m * n - 1}]", "mac", (e.Cells + e.Wires) / (m * n));
        Table($"{name}.tia[0..{n - 1}]", "read", e.Tia / n);
        Table($"{name}.adc[0..{Adcs(tile) - 1}]", "convert", e.Adc / n);
        Table($"{name}.shift_add[0..{Adcs(tile) - 1}]", "add", e.ShiftAdd / n);
        return sb.ToString();
    }

    /// <summary>The ART YAML text.</summary>
    public static string AreaTable(string name, TileCostConfig tile, TileArea area, string description)
    {
        int m = tile.Arr.Rows, n = tile.Arr.Cols, adcs = Adcs(tile);
        var sb = Header(description, "ART", "areas in um^2 of one instance");
        sb.Append("ART:\n  version: 0.3\n  tables:\n");
        void Table(string component, double squareMeters) =>
            sb.Append("  - name: ").Append(component).Append('\n').Append("    area: ").Append(Num(squareMeters * 1e12)).Append('\n');
        Table(name, area.Total);
        Table($"{name}.word_line_driver[0..{m - 1}]", area.Drivers / m);
        Table($"{name}.cell[0..{m * n - 1}]", area.Cells / (m * n));
        Table($"{name}.tia[0..{n - 1}]", area.Tia / n);
        Table($"{name}.adc[0..{adcs - 1}]", area.Adc / adcs);
        Table($"{name}.shift_add[0..{adcs - 1}]", area.ShiftAdd / adcs);
        return sb.ToString();
    }

    /// <summary>Writes <c>ERT.yaml</c> and <c>ART.yaml</c> into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Ert, string Art) Write(string directory, string name, TileCostConfig tile, MvmCost cost, TileArea area, string description)
    {
        Directory.CreateDirectory(directory);
        string ert = Path.Combine(directory, "ERT.yaml"), art = Path.Combine(directory, "ART.yaml");
        File.WriteAllText(ert, EnergyTable(name, tile, cost, description));
        File.WriteAllText(art, AreaTable(name, tile, area, description));
        return (ert, art);
    }

    private static int Adcs(TileCostConfig tile) => (tile.Arr.Cols + tile.Conv.ColumnsPerAdc - 1) / tile.Conv.ColumnsPerAdc;

    private static StringBuilder Header(string description, string kind, string units)
    {
        var sb = new StringBuilder();
        sb.Append("# Xbar tile cost as an Accelergy ").Append(kind).Append(" (format version 0.3; ").Append(units).Append(").\n");
        foreach (var line in description.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        return sb;
    }

    private static string Num(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
