using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Cost;

namespace Xbar.Validation.Cost;

/// <summary>How the layers of a network share time.</summary>
public enum LayerSchedule
{
    /// <summary>One layer after another: an inference's latency is the sum of the layers'.</summary>
    Sequential,

    /// <summary>Every layer on its own tiles works on a different inference at once: the latency reported is the
    /// slowest layer's (the pipeline's stage time, one inference per stage in the steady state).</summary>
    Pipelined,
}

/// <summary>
/// One weight layer's cost per inference (batch 1): energy = its tile reads x the analog energy of a tile
/// read + its ADC conversions x the energy of a conversion and of an accumulate; latency = its MVMs x reads
/// per MVM x the latency of a tile read (a layer's tiles all read at once, its MVMs, the output positions of
/// a convolution, one after another); area = its tiles x the area of a tile.
/// </summary>
public sealed record LayerCost(LayerTileMap Map, EnergyBreakdown Energy, double LatencyS, double AreaM2)
{
    public static LayerCost Of(LayerTileMap layer, NetworkTileCost tile, int readsPerMvm)
    {
        var e = tile.PerRead.Energy;
        double reads = layer.TileReadsPerInference, conversions = layer.AdcConversionsPerInference;
        var energy = new EnergyBreakdown(reads * e.Drivers, reads * e.Cells, reads * e.Wires, reads * e.Tia,
            conversions * tile.AdcPerConversion, conversions * tile.ShiftAddPerConversion);
        return new LayerCost(layer, energy, layer.MvmsPerInference * (double)readsPerMvm * tile.PerRead.Latency.Total, layer.Tiles * tile.Area.Total);
    }
}

/// <summary>
/// A network's cost per inference on the tiles of a map: per layer (<see cref="LayerCost"/>) and in total.
/// Operations are 2 x the MACs (a multiply and an add each), the usual convention of TOPS figures.
/// </summary>
public sealed record NetworkCost(TileMap Map, NetworkTileCost Tile, IReadOnlyList<LayerCost> Layers, LayerSchedule Schedule, InputStatistics Inputs)
{
    /// <summary>Prices every layer of <paramref name="map"/> on <paramref name="tile"/>.</summary>
    public static NetworkCost Of(TileMap map, NetworkTileCost tile, LayerSchedule schedule, InputStatistics inputs) =>
        new(map, tile, map.Layers.Select(l => LayerCost.Of(l, tile, map.ReadsPerMvm)).ToList(), schedule, inputs);

    /// <summary>Energy per inference by part (J).</summary>
    public EnergyBreakdown Energy => Layers.Aggregate(new EnergyBreakdown(0, 0, 0, 0, 0, 0), (s, l) => new EnergyBreakdown(
        s.Drivers + l.Energy.Drivers, s.Cells + l.Energy.Cells, s.Wires + l.Energy.Wires, s.Tia + l.Energy.Tia, s.Adc + l.Energy.Adc, s.ShiftAdd + l.Energy.ShiftAdd));

    public double EnergyJ => Layers.Sum(l => l.Energy.Total);

    /// <summary>Sequential: the layers' sum; pipelined: the slowest layer (the stage time).</summary>
    public double LatencyS => Schedule == LayerSchedule.Sequential ? Layers.Sum(l => l.LatencyS) : Layers.Max(l => l.LatencyS);

    public double AreaM2 => Layers.Sum(l => l.AreaM2);

    public double AreaMm2 => AreaM2 * 1e6;

    public double EdpJs => EnergyJ * LatencyS;

    /// <summary>Operations per inference: 2 x MACs.</summary>
    public double Ops => 2.0 * Map.TotalMacs;

    /// <summary>Operations per joule / 1e12.</summary>
    public double TopsPerW => Ops / EnergyJ / 1e12;

    /// <summary>Operations per second (one inference per <see cref="LatencyS"/>) / 1e12, per mm^2.</summary>
    public double TopsPerMm2 => Ops / LatencyS / 1e12 / AreaMm2;
}
