using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Mapping;

/// <summary>
/// The column ADC range of each bit slice (<see cref="LayerRanges.LayerPartialSumFraction"/> on the slice's digits), on ideal
/// cells and wires: what traced the shrinking ResNet-18 features (docs/bit-slicing.md). The most significant slice of an
/// 8-bit weight is mostly zero digits, so a range holding 99.9 % of its partial sums is far below its largest ones, and those
/// (the largest weights on the largest inputs, multiplied by the slice's place value) saturate.
/// </summary>
public sealed class SliceAdcRangeTests
{
    private const int Inputs = 256, Outputs = 32, Samples = 64, Rows = 64;

    /// <summary>Sliced outputs, the exact product of the 8-bit codes, and each output's rounding bound (half an ADC step per slice and block, in weight units).</summary>
    private static (double[] Tile, double[] Exact, double Bound) Run(double quantile)
    {
        var rng = new Random(5);
        // Laplace weights (bell-shaped with a tail, as trained layers are) and ReLU-like inputs with a heavy tail.
        var w = Enumerable.Range(0, Inputs * Outputs).Select(_ => (rng.Next(2) * 2 - 1) * -Math.Log(1 - rng.NextDouble()) * 0.05).ToArray();
        var x = Enumerable.Range(0, Inputs * Samples).Select(_ => Math.Max(0, Math.Pow(rng.NextDouble(), 4) * 3 - 0.2)).ToArray();
        var b = new GraphBuilder("slice-adc");
        var graph = b.Output(b.Add(new Dense(w, Outputs, Inputs), b.Input("x", Inputs))).Build();
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        // Exact cells on ideal wires with 4 uniform states (2-bit cells), an unlimited DAC and an 8-bit ADC per slice tile.
        var cfg = (TilePresets.Linear() with
        {
            Array = new ArrayConfig(Rows: Rows, Cols: 2 * Outputs, WireROhm: 0),
            Device = new DeviceConfig(Kind: DeviceKind.Linear, States: 4, GMinS: 1e-6, GMaxS: 25e-6),
            Mapping = new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform),
            Output = new OutputConfig(AdcBits: 8),
            IrDrop = new IrDropConfig(IrDropModel.None),
        }).Validate();
        var inputMax = LayerRanges.LayerInputMax(floatExec, x, Samples);
        var cells = LayerTileProgrammer.Behavioral("cells", cfg, null, new LayerTileSettings(inputMax, WeightClipRule.Max));
        var sliced = BitSlicedProgrammer.OnTiles(cells, 8);
        double clip = LayerRanges.WeightClips(graph, sliced)[0];
        var fractions = Enumerable.Range(0, sliced.Slicing.Slices).Select(s => LayerRanges.LayerPartialSumFraction(floatExec, x, Samples, Rows, inputMax, [1.0],
            quantile, Samples, layerWeights: _ => sliced.SliceWeights(graph.Layer(0), clip, s))).ToArray();
        var programmer = BitSlicedProgrammer.OnTiles(cells, 8, WeightClipRule.MinimumMse, (layer, s, c) => LayerRanges.FittedAdcRange(fractions[s])(layer, c));
        var tile = new GraphExecutor(graph, new TileBackend(programmer, TileGeometry.Of(cfg), 1)).RunAll(x, Samples);
        var codes = w.Select(v => Math.Sign(v) * sliced.Slicing.Code(v, clip) * sliced.Slicing.Step(clip)).ToArray();
        var exact = Product(codes, x);
        // A slice's ADC step in digit-product units is its range fraction x (N - 1) x a_max x rows / 2^7; its output weighs N^s code steps.
        int blocks = Inputs / Rows;
        double bound = blocks * Enumerable.Range(0, sliced.Slicing.Slices).Sum(s =>
            sliced.Slicing.PlaceValues[s] * sliced.Slicing.Step(clip) * fractions[s][0] * 3 * inputMax[0] * Rows / 128 / 2);
        return (tile, exact, bound);
    }

    private static double[] Product(double[] w, double[] x)
    {
        var y = new double[Samples * Outputs];
        for (int s = 0; s < Samples; s++)
            for (int o = 0; o < Outputs; o++)
                for (int i = 0; i < Inputs; i++) y[s * Outputs + o] += w[o * Inputs + i] * x[s * Inputs + i];
        return y;
    }

    [Fact]
    public void When_EverySliceAdcHoldsItsLargestPartialSum_Expect_EveryOutputWithinTheRoundingBound()
    {
        var (tile, exact, bound) = Run(1.0);
        for (int k = 0; k < tile.Length; k++) Assert.True(Math.Abs(tile[k] - exact[k]) <= bound * (1 + 1e-9), $"output {k}: {tile[k]} vs {exact[k]}, bound {bound}");
    }

    [Fact]
    public void When_SliceAdcsHold999PerMilleOfTheirPartialSums_Expect_OutputsBeyondTheRoundingBoundToBeTooSmall()
    {
        var (tile, exact, bound) = Run(0.999);
        // Saturation cuts a partial sum toward zero; the outputs whose error exceeds rounding read smaller than they should
        // (least-squares slope on the exact product below 1): they are the large outputs that hold saturated partial sums.
        var beyond = Enumerable.Range(0, tile.Length).Where(k => Math.Abs(tile[k] - exact[k]) > bound * (1 + 1e-9)).ToArray();
        Assert.NotEmpty(beyond);
        double slope = beyond.Sum(k => tile[k] * exact[k]) / beyond.Sum(k => exact[k] * exact[k]);
        Assert.True(slope < 1, $"{beyond.Length} outputs beyond the rounding bound {bound}, slope {slope}");
    }
}
