using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Cost;

/// <summary>
/// What a network asks of the cost layer for one tile: the energy (by part) and latency of one MVM
/// of a tile configured as <see cref="TileCostConfig"/> (R x C cells of a cell type, ADC type and
/// bits, technology) under given input statistics. The area is the same for every model
/// (<see cref="TileAreaModel"/>). Implementations: <see cref="TransientTileCostModel"/> (a circuit
/// transient per query) and <see cref="FittedTileCostModel"/> (fitted to such transients: what
/// networks use).
/// </summary>
public interface ITileCostModel
{
    /// <summary>Energy and latency of one MVM.</summary>
    MvmCost Mvm(TileCostConfig tile, InputStatistics inputs);

    /// <summary>Area of the tile (m^2).</summary>
    TileArea Area(TileCostConfig tile) => TileAreaModel.Of(tile);
}

/// <summary>The reference model: one circuit transient (nodal, or ngspice when a runner is given) per query.</summary>
public sealed class TransientTileCostModel(int seed = 1, ITransientRunner? ngspice = null) : ITileCostModel
{
    public MvmCost Mvm(TileCostConfig tile, InputStatistics inputs) => TileMvmTransient.Simulate(tile, inputs, seed, ngspice).Cost();
}
