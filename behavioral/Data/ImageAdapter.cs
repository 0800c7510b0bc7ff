using System.Globalization;

namespace Xbar.Behavioral.Data;

/// <summary>
/// How grayscale images are adapted to a model trained otherwise: resized (bilinear), replicated to
/// several channels, normalized as (x - mean) / std. Pixels start in [0, 1] (<see cref="LabeledImages"/>).
/// </summary>
/// <param name="ResizeH">Target height (null: keep).</param>
/// <param name="ResizeW">Target width (null: keep).</param>
/// <param name="Channels">Copies of the gray channel (3 for RGB models).</param>
/// <param name="Mean">Subtracted after scaling to [0, 1].</param>
/// <param name="Std">Divided by after subtracting the mean.</param>
public sealed record ImagePreprocessing(int? ResizeH = null, int? ResizeW = null, int Channels = 1, double Mean = 0, double Std = 1)
{
    /// <summary>Throws <see cref="InvalidInputException"/> naming the bad option.</summary>
    public ImagePreprocessing Validate()
    {
        if (ResizeH is < 1 or > 4096 || ResizeW is < 1 or > 4096) throw new InvalidInputException($"--resize {ResizeH}x{ResizeW}: sizes must be 1..4096");
        if (Channels is < 1 or > 16) throw new InvalidInputException($"--channels {Channels}: must be 1..16");
        if (!double.IsFinite(Mean) || !(Std > 0) || !double.IsFinite(Std)) throw new InvalidInputException($"--normalize {Mean},{Std}: the mean must be finite and the std positive");
        return this;
    }

    /// <summary>Parses "HxW" (for --resize).</summary>
    public static (int H, int W) ParseSize(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int w) && h > 0 && w > 0)
            return (h, w);
        throw new InvalidInputException($"--resize '{text}': expected HxW, for example 224x224");
    }

    /// <summary>Parses "MEAN,STD" (for --normalize).</summary>
    public static (double Mean, double Std) ParseNormalize(string text)
    {
        var parts = text.Split(',');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double m)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0)
            return (m, s);
        throw new InvalidInputException($"--normalize '{text}': expected MEAN,STD with STD > 0, for example 0.1307,0.3081");
    }
}

/// <summary>
/// Square grayscale IDX images (MNIST, Fashion-MNIST: 28 x 28) as inputs of a model of a given
/// sample shape: C x H x W (NCHW models) or one flat vector (fully connected models), after
/// <see cref="ImagePreprocessing"/>.
/// </summary>
public static class ImageAdapter
{
    /// <summary>The side of the square images in <paramref name="images"/> (their pixel count must be a square).</summary>
    public static int Side(LabeledImages images, string source)
    {
        int side = (int)Math.Round(Math.Sqrt(images.FeatureCount));
        if (side * side != images.FeatureCount)
            throw new InvalidInputException($"{source}: images of {images.FeatureCount} pixels are not square; only square IDX images are supported");
        return side;
    }

    /// <summary>
    /// Every image of <paramref name="images"/> adapted to <paramref name="sampleShape"/> (flat,
    /// count x its size). Throws <see cref="InvalidInputException"/> when the adapted images do not
    /// fit the shape, saying which options would make them fit.
    /// </summary>
    public static double[] Adapt(LabeledImages images, ImagePreprocessing p, int[] sampleShape, string inputName, string source)
    {
        int side = Side(images, source);
        int h = p.ResizeH ?? side, w = p.ResizeW ?? side, c = p.Channels;
        int size = c * h * w;
        bool fits = sampleShape.Length switch
        {
            1 => sampleShape[0] == size,
            2 => c == 1 && sampleShape[0] == h && sampleShape[1] == w,
            3 => sampleShape[0] == c && sampleShape[1] == h && sampleShape[2] == w,
            _ => false,
        };
        if (!fits)
        {
            string hint = sampleShape.Length == 3
                ? $" (try --resize {sampleShape[1]}x{sampleShape[2]}{(sampleShape[0] != 1 ? $" --channels {sampleShape[0]}" : "")})"
                : sampleShape.Length == 1 ? $" ({sampleShape[0]} values per image are needed)" : "";
            throw new InvalidInputException(
                $"{source}: model input '{inputName}' takes {string.Join("x", sampleShape)} per image; the data gives {c}x{h}x{w} after preprocessing{hint}");
        }
        var result = new double[(long)images.Count * size];
        Parallel.For(0, images.Count, s =>
        {
            var src = images.Sample(s);
            var dst = result.AsSpan(s * size, size);
            var plane = dst[..(h * w)];
            if (h == side && w == side) src.CopyTo(plane);
            else Bilinear(src, side, side, plane, h, w);
            for (int i = 0; i < plane.Length; i++) plane[i] = (plane[i] - p.Mean) / p.Std;
            for (int ch = 1; ch < c; ch++) plane.CopyTo(dst.Slice(ch * h * w, h * w));
        });
        return result;
    }

    /// <summary>
    /// Bilinear resampling with half-pixel centers (source coordinate (i + 0.5) in/out - 0.5, clamped
    /// to the image), the convention of OpenCV's INTER_LINEAR and of torch's interpolate with align_corners=False.
    /// </summary>
    public static void Bilinear(ReadOnlySpan<double> src, int inH, int inW, Span<double> dst, int outH, int outW)
    {
        for (int i = 0; i < outH; i++)
        {
            double y = Math.Clamp((i + 0.5) * inH / outH - 0.5, 0, inH - 1);
            int y0 = (int)y, y1 = Math.Min(y0 + 1, inH - 1);
            double fy = y - y0;
            for (int j = 0; j < outW; j++)
            {
                double x = Math.Clamp((j + 0.5) * inW / outW - 0.5, 0, inW - 1);
                int x0 = (int)x, x1 = Math.Min(x0 + 1, inW - 1);
                double fx = x - x0;
                double top = src[y0 * inW + x0] * (1 - fx) + src[y0 * inW + x1] * fx;
                double bottom = src[y1 * inW + x0] * (1 - fx) + src[y1 * inW + x1] * fx;
                dst[i * outW + j] = top * (1 - fy) + bottom * fy;
            }
        }
    }
}
