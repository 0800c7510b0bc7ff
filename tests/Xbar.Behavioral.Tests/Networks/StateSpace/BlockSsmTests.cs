using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class BlockSsmTests
{
    [Theory]
    [InlineData(1, 4, 1, 256, 256, false)]
    [InlineData(3, 6, 2, 4, 4, false)]   // the 14x18 matrix over 20 tiles: partial sums added digitally
    [InlineData(2, 5, 3, 5, 3, false)]
    [InlineData(2, 5, 3, 5, 3, true)]    // with the digital gains of the balanced blocks
    public void When_BlockMatrixRunsOnExactTiles_Expect_TheFloatRecurrence(int inputs, int states, int outputs, int tileIn, int tileOut, bool balanced)
    {
        var sys = SsmTestData.Layer(inputs, states, outputs, DiscretizationKind.ZeroOrderHold, seed: states).Discretize();
        const int batch = 3, steps = 50;
        var u = SsmTestData.Sequence(batch, steps, inputs, seed: 2);
        var block = balanced ? BlockSsm.Balanced(sys) : BlockSsm.From(sys);
        Assert.Equal(balanced, block.InputGain != 1 && block.OutputGain != 1 && block.DelayedInputGain != 1);
        Assert.Equal((2 * states + outputs, 2 * states + 2 * inputs), (block.Rows, block.Cols));
        var tiles = TiledMatrix.Program(block.Matrix, new TileGeometry(tileIn, tileOut), ExactTileProgrammer.Instance);
        var onTiles = block.Run(tiles, u, batch, steps);
        var reference = sys.Run(u, batch, steps);
        Assert.True(SsmTestData.MaxAbsDiff(onTiles.States, reference.States) < 1e-12, $"states differ by {SsmTestData.MaxAbsDiff(onTiles.States, reference.States):E2}");
        Assert.True(SsmTestData.MaxAbsDiff(onTiles.Output, reference.Output) < 1e-12, $"outputs differ by {SsmTestData.MaxAbsDiff(onTiles.Output, reference.Output):E2}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void When_QuantizedSystemOnOneGrid_Expect_EveryEntryATileLevelAndTheQuantizedRecurrence(int bits)
    {
        var sys = SsmTestData.Layer(2, 5, 3, DiscretizationKind.ZeroOrderHold, seed: 9).Discretize();
        // Four different ranges: the digital gains must restore every block's own scale.
        var q = new SsmQuantization(FixedRangeQuantizer.ForBits(bits, 0.9), FixedRangeQuantizer.ForBits(bits, 0.3),
            FixedRangeQuantizer.ForBits(bits, 1.7), FixedRangeQuantizer.ForBits(bits, 0.6));
        var quantized = q.Apply(sys);
        int cellStates = 1 << (bits - 1);
        var block = BlockSsm.OnOneGrid(quantized, q, cellStates);
        var grid = WeightQuantizer.UniformLevels(cellStates, 0.9);
        foreach (var w in block.Matrix) Assert.Contains(Math.Abs(w), grid);
        const int batch = 2, steps = 40;
        var u = SsmTestData.Sequence(batch, steps, 2, seed: 3);
        var run = block.Run(new DenseMatrix(block.Matrix), u, batch, steps);
        var reference = quantized.Run(u, batch, steps);
        Assert.True(SsmTestData.MaxAbsDiff(run.Output, reference.Output) < 1e-12 * Math.Max(1, SsmTestData.MaxAbs(reference.Output)),
            $"outputs differ by {SsmTestData.MaxAbsDiff(run.Output, reference.Output):E2}");
        Assert.True(SsmTestData.MaxAbsDiff(run.States, reference.States) < 1e-12 * Math.Max(1, SsmTestData.MaxAbs(reference.States)));
    }

    [Fact]
    public void When_StateBlockProbedOnAnExactMatrix_Expect_TheRotationBlocksAndRadiusMaxAbsA()
    {
        var sys = SsmTestData.Layer(2, 5, 3, DiscretizationKind.ZeroOrderHold, seed: 4).Discretize();
        var block = BlockSsm.Balanced(sys);
        var a = block.ProbeStateBlock(new DenseMatrix(block.Matrix));
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 10; c++) Assert.Equal(block.Matrix[r, c], a[r, c]);
        // The eigenvalues of [[Re A, -Im A], [Im A, Re A]] per mode are A_bar and its conjugate.
        Assert.Equal(sys.SpectralRadius(), BlockSsm.SpectralRadius(a), 1e-12);
    }

    [Fact]
    public void When_BlocksHaveDifferentLevelCountsOrAValueOffTheLevels_Expect_ArgumentException()
    {
        var sys = SsmTestData.Layer(1, 2, 1, DiscretizationKind.ZeroOrderHold, seed: 1).Discretize();
        var mixed = new SsmQuantization(FixedRangeQuantizer.ForBits(2, 1), FixedRangeQuantizer.ForBits(3, 1), FixedRangeQuantizer.ForBits(2, 1), FixedRangeQuantizer.ForBits(2, 1));
        Assert.Throws<ArgumentException>(() => BlockSsm.OnOneGrid(mixed.Apply(sys), mixed, 2));
        var same = new SsmQuantization(FixedRangeQuantizer.ForBits(3, 1), FixedRangeQuantizer.ForBits(3, 1), FixedRangeQuantizer.ForBits(3, 1), FixedRangeQuantizer.ForBits(3, 1));
        Assert.Throws<ArgumentException>(() => BlockSsm.OnOneGrid(sys, same, 4)); // not quantized
    }
}
