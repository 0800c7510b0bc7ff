namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// Fixed-range quantization of a discrete system for quantization-aware training (IMSSA, Siegel,
/// Yang and Strachan 2024): A_bar's real and imaginary parts on one quantizer (they share the
/// crossbar's range), B_bar on another, C on a third and D on a fourth or left in float (a digital
/// skip connection). The forward pass runs the quantized copy (<see cref="Apply"/>); the backward
/// pass maps its gradient to the float system by the clipped straight-through estimator
/// (<see cref="StraightThrough"/>), and from there to the continuous parameters.
/// </summary>
public sealed record SsmQuantization(FixedRangeQuantizer A, FixedRangeQuantizer B, FixedRangeQuantizer C, FixedRangeQuantizer? D = null)
{
    /// <summary>A copy of <paramref name="system"/> with every quantized entry on its levels.</summary>
    public DiscreteSsm Apply(DiscreteSsm system)
    {
        var q = system.Clone();
        foreach (var (values, quantizer) in Pairs(q))
            quantizer?.QuantizeInPlace(values);
        return q;
    }

    /// <summary>
    /// The gradient with respect to the float <paramref name="system"/> from the gradient with
    /// respect to its quantized copy: passed unchanged where the float entry lies inside its
    /// quantizer's range, zero where it was clipped.
    /// </summary>
    public DiscreteSsm StraightThrough(DiscreteSsm system, DiscreteSsm quantizedGradient)
    {
        var g = quantizedGradient.Clone();
        var source = Pairs(system);
        var target = Pairs(g);
        for (int i = 0; i < source.Length; i++)
        {
            var quantizer = source[i].Quantizer;
            if (quantizer is null) continue;
            var w = source[i].Values;
            var gv = target[i].Values;
            for (int k = 0; k < w.Length; k++)
                if (!quantizer.PassesGradient(w[k])) gv[k] = 0;
        }
        return g;
    }

    private (double[] Values, FixedRangeQuantizer? Quantizer)[] Pairs(DiscreteSsm s) =>
        [(s.ARe, A), (s.AIm, A), (s.BRe, B), (s.BIm, B), (s.CRe, C), (s.CIm, C), (s.D, D)];
}
