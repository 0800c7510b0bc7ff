namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// One reader instance as drawn for a Monte Carlo run: the cell being read (with its drawn
/// device-to-device spread and programming error), each comparator's input offset (V, added to its
/// reference) and each ladder segment's resistance factor (1 + mismatch, bottom to top).
/// <see cref="ExpectedCode"/> is the state the cell was programmed to.
/// </summary>
public sealed record ReaderDraw(MtjReadCell Cell, IReadOnlyList<double> ComparatorOffsets, IReadOnlyList<double> LadderFactors, int ExpectedCode)
{
    /// <summary>A reader with an ideal ADC (no offsets, no mismatch).</summary>
    public static ReaderDraw Ideal(MtjReadCell cell, FlashAdcDesign adc, int expectedCode) =>
        new(cell, new double[adc.Comparators], Enumerable.Repeat(1.0, adc.Comparators + 1).ToArray(), expectedCode);
}
