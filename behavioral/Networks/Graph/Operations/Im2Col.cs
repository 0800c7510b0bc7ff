namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// The unrolling of convolution windows into matrix rows or columns (im2col, as CrossSim and Caffe
/// run convolution as a matrix product). Index of a window element: (c x kH + kh) x kW + kw, the
/// flattened order of a weight W[o, c, kh, kw]; pixels outside the input (padding) are zeros.
/// </summary>
internal static class Im2Col
{
    /// <summary>The geometry of one convolution call.</summary>
    public readonly record struct Geometry(int Channels, int H, int W, int KernelH, int KernelW, int StrideH, int StrideW,
        int DilationH, int DilationW, int PadTop, int PadLeft, int OutH, int OutW)
    {
        public int Positions => OutH * OutW;
        public int WindowSize => KernelH * KernelW;
    }

    /// <summary>
    /// Column form for one image: cols[k, columnOffset + p] (k over <paramref name="channels"/> x kH x kW,
    /// p over output positions, rows <paramref name="rowStride"/> apart), from channels [c0, c0 + channels)
    /// of the image at <paramref name="imageOffset"/>. Every element of the covered rows is written.
    /// <typeparamref name="T"/> is the precision of the product that reads the columns: for an sgemm the
    /// input is rounded to float once and unrolled in float, instead of unrolling in double and narrowing
    /// a second buffer of the same size (the unrolled columns are 9 times the input for a 3x3 window, so
    /// that second pass was most of the convolution's time outside the sgemm).
    /// </summary>
    public static void Columns<T>(T[] x, int imageOffset, int c0, int channels, Geometry g, T[] cols, int rowStride, int columnOffset)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int P = g.Positions, hw = g.H * g.W;
        // Each (channel, kernel row) fills its own rows, so they run in parallel (the GEMM after uses every
        // core too); by channel alone an RGB input would give 3 work items for 2 cores.
        Parallel.For(0, channels * g.KernelH, ckh =>
        {
            int c = ckh / g.KernelH, kh = ckh % g.KernelH;
            int plane = imageOffset + (c0 + c) * hw;
            for (int kw = 0; kw < g.KernelW; kw++)
            {
                int row = (c * g.KernelH + kh) * g.KernelW + kw;
                var dst = cols.AsSpan(row * rowStride + columnOffset, P);
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                    var line = dst.Slice(oh * g.OutW, g.OutW);
                    if (ih < 0 || ih >= g.H) { line.Clear(); continue; }
                    int src = plane + ih * g.W;
                    int shift = kw * g.DilationW - g.PadLeft;
                    if (g.StrideW == 1)
                    {
                        // iw = ow + shift: zeros left and right, one contiguous copy between.
                        int lo = Math.Clamp(-shift, 0, g.OutW), hi = Math.Clamp(g.W - shift, lo, g.OutW);
                        if (lo > 0) line[..lo].Clear(); // a padding column or two: skip the call when none
                        x.AsSpan(src + lo + shift, hi - lo).CopyTo(line[lo..hi]);
                        if (hi < g.OutW) line[hi..].Clear();
                    }
                    else
                        for (int ow = 0; ow < g.OutW; ow++)
                        {
                            int iw = ow * g.StrideW + shift;
                            line[ow] = iw >= 0 && iw < g.W ? x[src + iw] : T.Zero;
                        }
                }
            }
        });
    }

    /// <summary>
    /// Row form for a batch: rows[(n x OutH + oh) x OutW + ow, k] = the window of each output position,
    /// one input vector of the crossbar per row (count = N x OutH x OutW).
    /// </summary>
    public static double[] Rows(double[] x, int batch, int totalChannels, int c0, int channels, Geometry g)
    {
        var rows = new double[(long)batch * g.Positions * channels * g.WindowSize];
        Rows(x, batch, totalChannels, c0, channels, g, rows);
        return rows;
    }

    /// <summary>
    /// <see cref="Rows(double[], int, int, int, int, Geometry)"/> into <paramref name="rows"/> (at least
    /// batch x positions x window values; every one of them is written, so a pooled, unzeroed buffer serves).
    /// </summary>
    public static void Rows(double[] x, int batch, int totalChannels, int c0, int channels, Geometry g, double[] rows)
    {
        int K = channels * g.WindowSize, P = g.Positions, hw = g.H * g.W;
        if (rows.LongLength < (long)batch * P * K) throw new ArgumentException($"im2col rows need {(long)batch * P * K} values, got {rows.LongLength}");
        Parallel.For(0, batch * g.OutH, nh =>
        {
            int n = nh / g.OutH, oh = nh % g.OutH;
            int image = n * totalChannels * hw;
            for (int ow = 0; ow < g.OutW; ow++)
            {
                var dst = rows.AsSpan((int)(((long)n * P + oh * g.OutW + ow) * K), K);
                int k = 0;
                for (int c = 0; c < channels; c++)
                {
                    int plane = image + (c0 + c) * hw;
                    for (int kh = 0; kh < g.KernelH; kh++)
                    {
                        int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                        if (ih < 0 || ih >= g.H) { dst.Slice(k, g.KernelW).Clear(); k += g.KernelW; continue; }
                        int src = plane + ih * g.W;
                        for (int kw = 0; kw < g.KernelW; kw++, k++)
                        {
                            int iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
                            dst[k] = iw >= 0 && iw < g.W ? x[src + iw] : 0;
                        }
                    }
                }
            }
        });
    }
}
