namespace Xbar.Behavioral.Tiles;

/// <summary>
/// A programmed crossbar tile computing y ~ W x (outputs x inputs; each input drives a word line,
/// each output is a column pair or a column against a reference). Outputs are in the units of W x.
/// </summary>
public interface ITile
{
    int Inputs { get; }
    int Outputs { get; }

    /// <summary>One MVM through DAC, array and TIA/ADC. Pure for a tile without read noise.</summary>
    double[] Multiply(ReadOnlySpan<double> x);

    /// <summary>One MVM into <paramref name="y"/> (length <see cref="Outputs"/>), without allocating: the form networks call millions of times.</summary>
    void Multiply(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>Many MVMs on the same programmed tile: <paramref name="x"/> is batch x inputs, the result batch x outputs.</summary>
    double[,] MultiplyBatch(double[,] x);

    /// <summary>
    /// <paramref name="count"/> MVMs in sample order on flat row-major spans, inputs divided by
    /// <paramref name="inputScale"/> before the DAC and outputs multiplied by it after the ADC: the
    /// allocation-free form networks call for every tile and batch.
    /// </summary>
    void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count, double inputScale = 1.0);

    /// <summary>The analog signed output currents (A) for word-line voltages (V, one per physical row): no DAC, TIA or ADC.</summary>
    double[] AnalogCurrents(ReadOnlySpan<double> voltages);
}
