namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The analog part of a tile: word-line voltages in (V, one per input row), the signed output
/// currents out (A, one per logical output: column-pair or column-minus-reference difference).
/// Behavioral and circuit-backed cores share the periphery (<see cref="TileReadout"/>).
/// </summary>
public interface IAnalogCore
{
    int Rows { get; }
    int Outputs { get; }

    /// <summary>Output currents for one voltage vector; <paramref name="noise"/> draws read noise when the core has any.</summary>
    void Currents(ReadOnlySpan<double> voltages, Span<double> currents, Random? noise);
}
