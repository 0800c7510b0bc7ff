using System.Numerics;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;

namespace Xbar.Behavioral.Training.Optimization;

/// <summary>
/// Turns a labeled image set into mini-batches: a seeded shuffle per epoch and, when asked, the
/// augmentation of He et al. 2016 (Sec. 4.2: random crops of the zero-padded image and horizontal
/// flips), here shifts of up to <see cref="MaxShift"/> pixels (2 for 28x28 images, where the paper
/// pads 32x32 images by 4; our choice) and flips with probability 1/2. Every draw comes from the
/// seed, the epoch and the step (<see cref="NoiseDraws"/>), so any batch can be rebuilt exactly.
/// </summary>
public sealed class ImageBatcher
{
    /// <summary>Largest translation of an augmented image, in pixels.</summary>
    public const int MaxShift = 2;

    public ImageBatcher(LabeledImages data, SampleShape shape)
    {
        if (data.FeatureCount != shape.Size)
            throw new InvalidInputException($"data: {data.FeatureCount} values per sample but the network takes {shape} = {shape.Size}");
        if (data.Count == 0) throw new InvalidInputException("data: no samples");
        Data = data;
        Shape = shape;
    }

    public LabeledImages Data { get; }
    public SampleShape Shape { get; }

    /// <summary>The order of the samples in epoch <paramref name="epoch"/> (Fisher-Yates with a seeded stream).</summary>
    public int[] Order(int seed, int epoch)
    {
        var order = Enumerable.Range(0, Data.Count).ToArray();
        var rng = NoiseDraws.For(seed, epoch, 0, NoiseDraws.Shuffle);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// The inputs and labels of <paramref name="indices"/>, augmented with draws for step
    /// <paramref name="step"/> when <paramref name="augment"/> is set.
    /// </summary>
    public (T[] Inputs, byte[] Labels) Assemble<T>(ReadOnlySpan<int> indices, bool augment, int seed, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = Shape.Size;
        var x = new T[indices.Length * size];
        var labels = new byte[indices.Length];
        var rng = augment ? NoiseDraws.For(seed, step, 0, NoiseDraws.Augment) : null;
        for (int b = 0; b < indices.Length; b++)
        {
            int s = indices[b];
            labels[b] = Data.Labels[s];
            var src = Data.Sample(s);
            var dst = x.AsSpan(b * size, size);
            if (rng is null)
            {
                for (int i = 0; i < size; i++) dst[i] = T.CreateTruncating(src[i]);
                continue;
            }
            int dy = rng.Next(-MaxShift, MaxShift + 1), dx = rng.Next(-MaxShift, MaxShift + 1);
            bool flip = rng.Next(2) == 1;
            int h = Shape.Height, w = Shape.Width;
            for (int c = 0; c < Shape.Channels; c++)
                for (int r = 0; r < h; r++)
                    for (int col = 0; col < w; col++)
                    {
                        int sr = r + dy, sc = (flip ? w - 1 - col : col) + dx;
                        dst[(c * h + r) * w + col] = (uint)sr < (uint)h && (uint)sc < (uint)w ? T.CreateTruncating(src[(c * h + sr) * w + sc]) : T.Zero;
                    }
        }
        return (x, labels);
    }
}
