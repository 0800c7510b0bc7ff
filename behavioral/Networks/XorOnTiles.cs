using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// XOR (2-2-1) trained and checked on crossbar tiles: training restarts (deterministically, next
/// seed) until the network is correct on all four inputs, with a margin, through the target tiles
/// (as a designer retrains a network that does not survive the mapping to hardware).
/// </summary>
public static class XorOnTiles
{
    /// <summary>
    /// Trains XOR so that its logit margin is at least <paramref name="margin"/> through every
    /// tile programmer in <paramref name="acceptanceTiles"/> (for example quantized-only tiles and a
    /// few chips with every error on).
    /// </summary>
    public static XorNetwork.Result Train(IReadOnlyList<ITileProgrammer> acceptanceTiles, TileGeometry geometry, int seed = 1, double margin = 2.0) =>
        XorNetwork.Train(seed, maxAttempts: 500, accept: net => acceptanceTiles.All(tiles =>
        {
            var tiled = new TiledNetwork(net, geometry, tiles, seed);
            return XorNetwork.MinMargin(i => tiled.Logits(XorNetwork.Cases.Sample(i))[0]) >= margin;
        }));

    /// <summary>
    /// The XOR network for the reference 4-state MTJ tile of Moureaux 2026 on a 4x4 tile: accepted
    /// when correct with a logit margin of 2 once quantized and on five acceptance chips (seeds 1000-1004) with
    /// every error of <paramref name="options"/> on.
    /// </summary>
    public static XorNetwork.Result TrainForReferenceTile(ReferenceMtjTileOptions options, int seed = 1)
    {
        var tiles = new List<ITileProgrammer> { new ReferenceMtjTileProgrammer(options.Only(ErrorSource.Quantization), seed) };
        for (int chip = 1000; chip < 1005; chip++) tiles.Add(new ReferenceMtjTileProgrammer(options, chip));
        return Train(tiles, TileGeometry.Paper4x4, seed);
    }
}
