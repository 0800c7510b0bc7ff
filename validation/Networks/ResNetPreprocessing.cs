using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks.Onnx;

namespace Xbar.Validation.Networks;

/// <summary>
/// The input preprocessing of the ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, read from its
/// companion model ResNetPreprocess.onnx (opset 8). That model is Caffe-style, not ImageNet mean/std:
/// its graph is Split (axis 1, into R, G, B) -> Concat (B, G, R) -> Sub (MeanImage), on pixels in 0..255;
/// MeanImage is a 3x224x224 per-pixel ImageNet mean in BGR order (channel means about 103, 116, 123), with
/// no division by a std. <see cref="Load"/> checks the graph is exactly that and keeps the mean image;
/// <see cref="Apply"/> does the same to gray IDX images: pixels x 255, bilinear resize to 224x224 (half-pixel
/// centers), the gray copied to R, G and B, reordered to BGR (a no-op for gray), minus the mean image.
/// </summary>
public sealed class ResNetPreprocessing
{
    private ResNetPreprocessing(float[] meanImage, int height, int width)
    {
        MeanImage = meanImage;
        Height = height;
        Width = width;
    }

    /// <summary>3 x H x W values in BGR order (0..255 scale).</summary>
    public float[] MeanImage { get; }
    public int Height { get; }
    public int Width { get; }
    public int SampleSize => 3 * Height * Width;

    /// <summary>Reads and checks ResNetPreprocess.onnx; any other graph is refused naming what differs.</summary>
    public static ResNetPreprocessing Load(string path)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)); }
        catch (InvalidProtocolBufferException e) { throw new InvalidInputException($"{path}: not a readable ONNX model ({e.Message})"); }
        var g = model.Graph;
        string Fail(string what) => throw new InvalidInputException($"{path}: not the expected ResNet preprocessing graph (Split -> Concat(B, G, R) -> Sub(MeanImage)): {what}");
        if (g.Node.Count != 3) Fail($"{g.Node.Count} nodes");
        var (split, concat, sub) = (g.Node[0], g.Node[1], g.Node[2]);
        long Axis(NodeProto n) => n.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 0;
        if (split.OpType != "Split" || Axis(split) != 1 || split.Output.Count != 3) Fail($"first node {split.OpType} (axis {Axis(split)})");
        if (concat.OpType != "Concat" || Axis(concat) != 1 || !concat.Input.SequenceEqual(split.Output.Reverse())) Fail("the channels are not concatenated in reverse (BGR) order");
        if (sub.OpType != "Sub" || sub.Input[0] != concat.Output[0]) Fail($"last node {sub.OpType}");
        var mean = g.Initializer.FirstOrDefault(t => t.Name == sub.Input[1]) ?? throw new InvalidInputException($"{path}: initializer '{sub.Input[1]}' missing");
        var t = OnnxTensors.Read(mean, $"{path}: {mean.Name}");
        if (t.Rank != 4 || t.Dim(0) != 1 || t.Dim(1) != 3) Fail($"mean image of shape {string.Join("x", t.Dims.ToArray())}");
        return new ResNetPreprocessing(t.Data.Select(v => (float)v).ToArray(), t.Dim(2), t.Dim(3));
    }

    /// <summary>Images [start, start + count) of <paramref name="images"/> (pixels in [0, 1]) as the model's inputs: count x 3 x H x W, BGR minus the mean image.</summary>
    public double[] Apply(LabeledImages images, int start, int count, string source)
    {
        int side = ImageAdapter.Side(images, source), hw = Height * Width, size = SampleSize;
        var result = new double[(long)count * size];
        Parallel.For(0, count, s =>
        {
            var gray = new double[hw];
            var src = images.Sample(start + s).ToArray();
            for (int i = 0; i < src.Length; i++) src[i] *= 255; // back to the 0..255 scale the model was trained on
            ImageAdapter.Bilinear(src, side, side, gray, Height, Width);
            var dst = result.AsSpan((int)((long)s * size), size);
            // R = G = B = gray, reordered to B, G, R: the same plane in every channel.
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < hw; i++) dst[c * hw + i] = gray[i] - MeanImage[c * hw + i];
        });
        return result;
    }
}
