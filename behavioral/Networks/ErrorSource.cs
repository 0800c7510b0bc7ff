namespace Xbar.Behavioral.Networks;

/// <summary>
/// The error classes of Moureaux et al. 2026, switched on one at a time for the error split
/// (<see cref="ErrorSplit"/>), or all together.
/// </summary>
public enum ErrorSource
{
    /// <summary>No error at all: the software float product.</summary>
    None,

    /// <summary>Weight quantization to the cell's N states alone.</summary>
    Quantization,

    /// <summary>The systematic per-state resistance offset (sigma_NL) alone, on unquantized weights.</summary>
    Systematic,

    /// <summary>The random per-cell resistance offset (sigma_perp) alone, on unquantized weights.</summary>
    Random,

    /// <summary>Every non-ideality of the tile together.</summary>
    All,
}
