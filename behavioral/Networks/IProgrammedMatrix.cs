namespace Xbar.Behavioral.Networks;

/// <summary>
/// A weight matrix programmed once (into a crossbar tile, a set of tiles, or plain memory) that
/// computes y ~= W x on digital inputs and returns digital outputs (after the ADC), in the units of
/// W x. It is the one operation a network layer needs, so a network runs unchanged in software
/// float, quantized-only, behavioral-tile or circuit-in-the-loop mode.
/// </summary>
public interface IProgrammedMatrix
{
    /// <summary>Number of outputs (rows of W).</summary>
    int Outputs { get; }

    /// <summary>Number of inputs (columns of W).</summary>
    int Inputs { get; }

    /// <summary>y = W x for one input vector; <paramref name="y"/> is overwritten.</summary>
    void Multiply(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>
    /// <paramref name="count"/> products at once: <paramref name="x"/> holds count x Inputs values,
    /// <paramref name="y"/> count x Outputs, both row-major. Implementations may override it to batch.
    /// </summary>
    void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        for (int s = 0; s < count; s++)
            Multiply(x.Slice(s * Inputs, Inputs), y.Slice(s * Outputs, Outputs));
    }
}
