using System.Numerics;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// Mean softmax cross-entropy over a batch, L = -(1/B) sum_b log softmax(z_b)[label_b], and its
/// gradient dL/dz = (softmax(z) - onehot(label)) / B. Computed in double precision with the
/// maximum subtracted before the exponentials.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Loss (mean over the batch) and the number of samples whose largest logit is the label; writes
    /// dL/dlogits into <paramref name="gradient"/> when it is not null.
    /// </summary>
    public static (double Loss, int Correct) Evaluate<T>(ReadOnlySpan<T> logits, ReadOnlySpan<byte> labels, int batch, int classes, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Length < batch * classes || labels.Length < batch) throw new ArgumentException("logits or labels shorter than the batch");
        double total = 0;
        int correct = 0;
        var p = new double[classes];
        for (int b = 0; b < batch; b++)
        {
            var z = logits.Slice(b * classes, classes);
            int label = labels[b];
            if (label >= classes) throw new InvalidInputException($"label {label} of sample {b} is outside the network's {classes} classes");
            double max = double.NegativeInfinity;
            int best = 0;
            for (int k = 0; k < classes; k++)
            {
                double v = double.CreateTruncating(z[k]);
                if (v > max) { max = v; best = k; }
            }
            if (best == label) correct++;
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += p[k] = Math.Exp(double.CreateTruncating(z[k]) - max);
            total += Math.Log(sum) - (double.CreateTruncating(z[label]) - max);
            if (gradient.IsEmpty) continue;
            for (int k = 0; k < classes; k++)
                gradient[b * classes + k] = T.CreateTruncating((p[k] / sum - (k == label ? 1 : 0)) / batch);
        }
        return (total / batch, correct);
    }
}
