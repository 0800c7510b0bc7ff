namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>ONNX auto_pad: explicit pads (NOTSET), none (VALID), or pads that give ceil(in / stride) outputs (SAME_*).</summary>
public enum AutoPad { NotSet, Valid, SameUpper, SameLower }

/// <summary>
/// The sliding window of a 2-D convolution or pooling: kernel, strides, dilations and pads
/// (top, left, bottom, right, as ONNX lists them: begins then ends), with ONNX's auto_pad and
/// ceil_mode rules for the output size.
/// </summary>
public sealed record SpatialWindow
{
    public SpatialWindow(int kernelH, int kernelW, int strideH = 1, int strideW = 1, int dilationH = 1, int dilationW = 1,
        int[]? pads = null, AutoPad autoPad = AutoPad.NotSet, bool ceilMode = false)
    {
        if (kernelH < 1 || kernelW < 1) throw new GraphShapeException($"kernel {kernelH}x{kernelW} must be positive");
        if (strideH < 1 || strideW < 1) throw new GraphShapeException($"strides {strideH}x{strideW} must be positive");
        if (dilationH < 1 || dilationW < 1) throw new GraphShapeException($"dilations {dilationH}x{dilationW} must be positive");
        pads ??= [0, 0, 0, 0];
        if (pads.Length != 4 || pads.Any(p => p < 0)) throw new GraphShapeException($"pads [{string.Join(", ", pads)}] must be 4 non-negative values (top, left, bottom, right)");
        KernelH = kernelH; KernelW = kernelW; StrideH = strideH; StrideW = strideW; DilationH = dilationH; DilationW = dilationW;
        Pads = pads; AutoPad = autoPad; CeilMode = ceilMode;
    }

    public int KernelH { get; }
    public int KernelW { get; }
    public int StrideH { get; }
    public int StrideW { get; }
    public int DilationH { get; }
    public int DilationW { get; }

    /// <summary>Explicit pads: top, left, bottom, right (used when <see cref="AutoPad"/> is NotSet).</summary>
    public int[] Pads { get; }

    public AutoPad AutoPad { get; }
    public bool CeilMode { get; }

    /// <summary>Pads and output size for an input of <paramref name="h"/> x <paramref name="w"/>.</summary>
    public (int PadTop, int PadLeft, int PadBottom, int PadRight, int OutH, int OutW) Resolve(int h, int w)
    {
        var (pt, pb, oh) = Axis(h, KernelH, StrideH, DilationH, Pads[0], Pads[2]);
        var (pl, pr, ow) = Axis(w, KernelW, StrideW, DilationW, Pads[1], Pads[3]);
        if (oh < 1 || ow < 1)
            throw new GraphShapeException($"a {KernelH}x{KernelW} window (dilation {DilationH}x{DilationW}) does not fit a {h}x{w} input with pads [{string.Join(", ", Pads)}]");
        return (pt, pl, pb, pr, oh, ow);
    }

    private (int Begin, int End, int Out) Axis(int n, int k, int s, int d, int begin, int end)
    {
        int span = (k - 1) * d + 1;
        switch (AutoPad)
        {
            case AutoPad.Valid:
                return (0, 0, n >= span ? (n - span) / s + 1 : 0);
            case AutoPad.SameUpper:
            case AutoPad.SameLower:
            {
                int o = (n + s - 1) / s;
                int total = Math.Max(0, (o - 1) * s + span - n);
                int small = total / 2, large = total - small;
                return AutoPad == AutoPad.SameUpper ? (small, large, o) : (large, small, o);
            }
            default:
            {
                int padded = n + begin + end - span;
                if (padded < 0) return (begin, end, 0);
                int o = CeilMode ? (padded + s - 1) / s + 1 : padded / s + 1;
                // With ceil_mode the last window must start inside the input or its begin pad.
                if (CeilMode && (o - 1) * s >= n + begin) o--;
                return (begin, end, o);
            }
        }
    }
}
