namespace Xbar.Behavioral.Tiles;

/// <summary>Arithmetic of a behavioral core's batched matrix products (<see cref="BehavioralCore.ReadCurrentsBatch"/>).</summary>
public enum BatchPrecision
{
    /// <summary>Float products (<see cref="Xbar.Circuits.Numerics.PackedProduct"/>, on the calling thread) over matrices stored once in float; load term, noise and sums in double.</summary>
    Single,

    /// <summary>Double products throughout: the reference the single path is tested against.</summary>
    Double,
}
