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

    /// <summary>
    /// The circuit around the cells: wire resistance (IR drop), the MTJ's bias-dependent TMR and the
    /// DAC/ADC, with no resistance offsets. Measured on quantized weights, since a multi-state tile
    /// always holds discrete states; so this row is quantization plus circuit, to be read against the
    /// quantization row. Only tile models with a circuit (the calibrated behavioral tile) have it.
    /// </summary>
    Circuit,

    /// <summary>Every non-ideality of the tile together.</summary>
    All,
}
