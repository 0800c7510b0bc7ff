namespace Xbar.Circuits.Cost;

/// <summary>
/// The cost of one weight layer mapped on <see cref="Tiles"/> identical tiles that all compute at
/// once (each layer MVM is one MVM of every tile; the partial sums are added by the tiles'
/// shift-and-add): energy per layer MVM is the tiles' sum, latency one tile's, area the tiles' sum.
/// Bit slicing, input bit-serial cycles and the number of MVMs per inference (conv positions) are
/// the network's to multiply in.
/// </summary>
public sealed record LayerTileCost(int Tiles, MvmCost PerTile, TileArea PerTileArea)
{
    /// <summary>Energy of one layer MVM by part (J).</summary>
    public EnergyBreakdown Energy => PerTile.Energy.Scale(Tiles);

    /// <summary>Latency of one layer MVM (s): the tiles run in parallel.</summary>
    public double Latency => PerTile.Latency.Total;

    /// <summary>Area of all the layer's tiles (m^2).</summary>
    public double Area => Tiles * PerTileArea.Total;
}

/// <summary>Builds <see cref="LayerTileCost"/>: the entry point of the network-level cost.</summary>
public static class WeightLayerCost
{
    /// <summary>A layer on <paramref name="tiles"/> tiles of <paramref name="tile"/>, inputs with <paramref name="inputs"/> statistics.</summary>
    public static LayerTileCost Of(ITileCostModel model, TileCostConfig tile, int tiles, InputStatistics inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (tiles < 1) throw new InvalidInputException($"a weight layer needs at least one tile (got {tiles})");
        return new LayerTileCost(tiles, model.Mvm(tile, inputs), model.Area(tile));
    }
}
