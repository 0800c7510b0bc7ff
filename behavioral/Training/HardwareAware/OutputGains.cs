namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// The least-squares gain of each output of a hardware product against the ideal one over a batch:
/// g_o = sum_n y_no ŷ_no / sum_n ŷ_no^2 (y the hardware's, ŷ the ideal product), the first-order model
/// y ≈ diag(g) W x of <see cref="AnalogGradient.FittedGain"/>. An output whose ideal values are all zero
/// gets gain 1 (nothing to fit; the straight-through value).
/// </summary>
public static class OutputGains
{
    /// <summary>
    /// The gains of <paramref name="hardware"/>'s product against the ideal product x W^T of the same inputs
    /// <paramref name="x"/> (count x inputs) and weights <paramref name="w"/> (outputs x inputs), both row-major.
    /// </summary>
    public static double[] FitToProduct(ReadOnlySpan<double> hardware, ReadOnlySpan<double> x, ReadOnlySpan<double> w,
        int count, int outputs, int inputs)
    {
        var ideal = new double[count * outputs];
        Circuits.Numerics.Blas.Gemm(false, true, count, outputs, inputs, 1.0, x, w, 0.0, ideal);
        return Fit(hardware, ideal, count, outputs);
    }

    /// <param name="hardware">count x outputs, row-major.</param>
    /// <param name="ideal">count x outputs, row-major.</param>
    public static double[] Fit(ReadOnlySpan<double> hardware, ReadOnlySpan<double> ideal, int count, int outputs)
    {
        if (hardware.Length < count * outputs || ideal.Length < count * outputs)
            throw new ArgumentException($"products must hold {count} x {outputs} values");
        var cross = new double[outputs];
        var norm = new double[outputs];
        for (int n = 0; n < count; n++)
        {
            var y = hardware.Slice(n * outputs, outputs);
            var yi = ideal.Slice(n * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                cross[o] += y[o] * yi[o];
                norm[o] += yi[o] * yi[o];
            }
        }
        for (int o = 0; o < outputs; o++) cross[o] = norm[o] > 0 ? cross[o] / norm[o] : 1;
        return cross;
    }
}
