using System.Numerics;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// Unrolls convolution patches into a matrix so the convolution is one GEMM (Chellapilla, Puri and
/// Simard 2006, "High performance convolutional neural networks for document processing"; CrossSim
/// maps convolutions to crossbars the same way). For a batch of N inputs C x H x W and a K x K
/// kernel with stride S and zero padding P, the matrix has C K K rows (ordered c, ki, kj, the order
/// of a C_out x C_in x K x K kernel flattened row by row) and N Ho Wo columns (ordered n, oh, ow).
/// Each row, or each input channel, is written by one thread in a fixed order, so results are
/// bit-identical for any thread count.
/// </summary>
public static class Im2Col
{
    /// <summary>Output height or width of a convolution or pooling window.</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    /// <summary>Fills <paramref name="columns"/> (C K K x N Ho Wo) from <paramref name="x"/> (N x C x H x W).</summary>
    public static void Unroll<T>(T[] x, int batch, SampleShape shape, int kernel, int stride, int padding, T[] columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = shape.Channels * kernel * kernel;
        Parallel.For(0, rows, r => UnrollRow(x, columns, r, batch, shape, kernel, stride, padding));
    }

    private static void UnrollRow<T>(T[] x, T[] columns, int r, int batch, SampleShape shape, int kernel, int stride, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = r / (kernel * kernel), ki = r / kernel % kernel, kj = r % kernel;
        int h = shape.Height, w = shape.Width;
        int ho = OutputSize(h, kernel, stride, padding), wo = OutputSize(w, kernel, stride, padding);
        int plane = ho * wo;
        var row = columns.AsSpan(r * batch * plane, batch * plane);
        for (int n = 0; n < batch; n++)
        {
            var src = x.AsSpan((n * shape.Channels + c) * h * w, h * w);
            for (int oh = 0; oh < ho; oh++)
            {
                int ih = oh * stride - padding + ki;
                var d = row.Slice(n * plane + oh * wo, wo);
                if (ih < 0 || ih >= h)
                {
                    d.Clear();
                    continue;
                }
                var s = src.Slice(ih * w, w);
                if (stride == 1)
                {
                    // A shifted copy of the input row: ow in [lo, hi) reads iw = ow - padding + kj.
                    var (lo, hi) = ValidRange(wo, w, padding, kj);
                    d[..lo].Clear();
                    if (hi > lo) s.Slice(lo - padding + kj, hi - lo).CopyTo(d[lo..hi]);
                    d[Math.Max(hi, lo)..].Clear();
                    continue;
                }
                for (int ow = 0; ow < wo; ow++)
                {
                    int iw = ow * stride - padding + kj;
                    d[ow] = (uint)iw < (uint)w ? s[iw] : T.Zero;
                }
            }
        }
    }

    /// <summary>With stride 1, the outputs ow in [lo, hi) whose input column ow - padding + kj lies inside the row of <paramref name="w"/>.</summary>
    private static (int Lo, int Hi) ValidRange(int wo, int w, int padding, int kj) =>
        (Math.Max(0, padding - kj), Math.Min(wo, w + padding - kj));

    /// <summary>
    /// The adjoint of <see cref="Unroll{T}"/> (col2im): sums every column entry back onto the input
    /// position it was copied from, writing <paramref name="dx"/> (N x C x H x W, overwritten).
    /// </summary>
    public static void Roll<T>(T[] columns, int batch, SampleShape shape, int kernel, int stride, int padding, T[] dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One thread per (sample, channel): every input value is summed by one thread in a fixed order.
        Parallel.For(0, batch * shape.Channels, nc => RollChannel(columns, dx, nc / shape.Channels, nc % shape.Channels, batch, shape, kernel, stride, padding));
    }

    private static void RollChannel<T>(T[] columns, T[] dx, int n, int c, int batch, SampleShape shape, int kernel, int stride, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = shape.Height, w = shape.Width;
        int ho = OutputSize(h, kernel, stride, padding), wo = OutputSize(w, kernel, stride, padding);
        int plane = ho * wo;
        var dst = dx.AsSpan((n * shape.Channels + c) * h * w, h * w);
        dst.Clear();
        for (int ki = 0; ki < kernel; ki++)
            for (int kj = 0; kj < kernel; kj++)
            {
                int r = (c * kernel + ki) * kernel + kj;
                var src = columns.AsSpan((r * batch + n) * plane, plane);
                for (int oh = 0; oh < ho; oh++)
                {
                    int ih = oh * stride - padding + ki;
                    if (ih < 0 || ih >= h) continue;
                    var d = dst.Slice(ih * w, w);
                    var s = src.Slice(oh * wo, wo);
                    if (stride == 1)
                    {
                        var (lo, hi) = ValidRange(wo, w, padding, kj);
                        if (hi > lo)
                        {
                            var target = d.Slice(lo - padding + kj, hi - lo);
                            System.Numerics.Tensors.TensorPrimitives.Add(target, s[lo..hi], target);
                        }
                        continue;
                    }
                    for (int ow = 0; ow < wo; ow++)
                    {
                        int iw = ow * stride - padding + kj;
                        if ((uint)iw < (uint)w) d[iw] += s[ow];
                    }
                }
            }
    }
}
