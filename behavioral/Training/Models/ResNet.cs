namespace Xbar.Behavioral.Training.Models;

/// <summary>
/// The CIFAR-style residual networks of He, Zhang, Ren and Sun 2016 ("Deep residual learning for
/// image recognition", CVPR, Sec. 4.2): a 3x3 convolution with w filters, then three stages of n
/// basic blocks (two 3x3 convolutions with batch norm) at w, 2w and 4w filters, the first block of
/// stages 2 and 3 halving the image with stride 2, then global average pooling and a dense layer:
/// 6n + 2 weight layers (ResNet-8, -14, -20 for n = 1, 2, 3; w = 16 in the paper). Where the shape
/// changes the shortcut is a 1x1 strided convolution with batch norm (the paper's option B; its
/// CIFAR runs used zero-padded identities, option A). Convolutions carry no bias (batch norm follows).
/// With <c>stemPool</c> a 2x2 max pooling follows the stem, as the ImageNet ResNets shrink their
/// input early (their stem has stride 2 and a 3x3 max pool): on 28x28 images the stages then work
/// at 14, 7 and 4 pixels, 3.6 times fewer multiply-adds, and a tile runs 4 times fewer patches.
/// </summary>
public static class ResNet
{
    /// <summary>The layer specs for <paramref name="depth"/> = 6n + 2 (8, 14, 20, ...), base width <paramref name="width"/>.</summary>
    public static IReadOnlyList<LayerSpec> Specs(int depth, int inputChannels, int classes, int width = 16, bool stemPool = false)
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new InvalidInputException($"--depth: a CIFAR-style ResNet has 6n + 2 layers (8, 14, 20, 32, ...), got {depth}");
        if (width < 1 || width > 1024) throw new InvalidInputException($"--width: base width must be 1..1024 filters, got {width}");
        if (classes < 2) throw new InvalidInputException($"a classifier needs at least 2 classes, got {classes}");
        int n = (depth - 2) / 6;
        var specs = new List<LayerSpec>
        {
            new Conv2dSpec("stem.conv", inputChannels, width, 3, 1, 1),
            new BatchNormSpec("stem.bn", width),
            new ReluSpec("stem.relu"),
        };
        if (stemPool) specs.Add(new MaxPoolSpec("stem.pool", 2, 2));
        int channels = width;
        for (int stage = 0; stage < 3; stage++)
        {
            int outChannels = width << stage;
            for (int b = 0; b < n; b++)
            {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                specs.Add(BasicBlock($"stage{stage + 1}.block{b + 1}", channels, outChannels, stride));
                channels = outChannels;
            }
        }
        specs.Add(new GlobalAvgPoolSpec("pool"));
        specs.Add(new DenseSpec("fc", channels, classes));
        return specs;
    }

    /// <summary>conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU (inside the block).</summary>
    public static ResidualSpec BasicBlock(string name, int inChannels, int outChannels, int stride)
    {
        LayerSpec[] main =
        [
            new Conv2dSpec(name + ".conv1", inChannels, outChannels, 3, stride, 1),
            new BatchNormSpec(name + ".bn1", outChannels),
            new ReluSpec(name + ".relu1"),
            new Conv2dSpec(name + ".conv2", outChannels, outChannels, 3, 1, 1),
            new BatchNormSpec(name + ".bn2", outChannels),
        ];
        LayerSpec[]? shortcut = stride != 1 || inChannels != outChannels
            ? [new Conv2dSpec(name + ".shortcut.conv", inChannels, outChannels, 1, stride, 0), new BatchNormSpec(name + ".shortcut.bn", outChannels)]
            : null;
        return new ResidualSpec(name, main, shortcut);
    }
}
