using System.Globalization;
using System.Text.RegularExpressions;
using Xbar.Circuits.Cost;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>The Accelergy tables: version-0.3 layout, and per-instance energies and areas that add up to the tile's.</summary>
public partial class AccelergyExportTests
{
    [GeneratedRegex(@"- name: (\S+)\n(?:    actions:\n    - name: \S+\n      arguments: null\n      energy|    area): (\S+)")]
    private static partial Regex Entry();

    private static Dictionary<string, double> Entries(string yaml) =>
        Entry().Matches(yaml).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>How often an instance acts per MVM: each driver, cell and TIA once; each ADC and shift-and-add once per column it serves.</summary>
    private static int ActionsPerMvm(string name, int cols, int adcs)
    {
        int instances = name.Contains('[') ? int.Parse(Regex.Match(name, @"\.\.(\d+)\]").Groups[1].Value, CultureInfo.InvariantCulture) + 1 : 1;
        return name.Contains(".adc[") || name.Contains(".shift_add[") ? instances * (cols / adcs) : instances;
    }

    private static int Count(string name) =>
        name.Contains('[') ? int.Parse(Regex.Match(name, @"\.\.(\d+)\]").Groups[1].Value, CultureInfo.InvariantCulture) + 1 : 1;

    [Fact]
    public void When_TileExported_Expect_InstancesTimesCountsSumToTheMvmEnergyAndTileArea()
    {
        var tile = new TileCostConfig(Array: new ArrayCostConfig(16, 8, "rram"), Adc: new AdcCostConfig("sar", 6, 2)).Validate();
        var cost = new MvmCost(new EnergyBreakdown(1e-12, 2e-12, 3e-12, 4e-12, 5e-12, 6e-12), new LatencyBreakdown(1e-10, 1e-9, 2e-9));
        var area = TileAreaModel.Of(tile);
        string ert = AccelergyExport.EnergyTable("t", tile, cost, "test");
        string art = AccelergyExport.AreaTable("t", tile, area, "test");
        Assert.Contains("ERT:\n  version: 0.3\n  tables:\n", ert);
        Assert.Contains("ART:\n  version: 0.3\n  tables:\n", art);
        var e = Entries(ert);
        var a = Entries(art);
        Assert.Equal(7, e.Count + 1); // the tile plus 5 parts (the cell table carries cells and wires)
        Assert.Equal(21, e["t"], 1e-3);
        Assert.Equal(21, e.Where(p => p.Key != "t").Sum(p => p.Value * ActionsPerMvm(p.Key, 8, 4)), 1e-3);
        Assert.Equal(area.Total * 1e12, a["t"], 1e-3 * area.Total * 1e12);
        Assert.Equal(area.Total * 1e12, a.Where(p => p.Key != "t").Sum(p => p.Value * Count(p.Key)), 1e-3 * area.Total * 1e12);
        Assert.True(e.ContainsKey("t.adc[0..3]"), "8 columns, 2 per ADC: 4 ADCs");
    }
}
