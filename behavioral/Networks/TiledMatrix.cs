using System.Buffers;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// A weight matrix of any shape split into row/column blocks of at most the tile size, each block
/// programmed into its own tile. y = W x is the digital sum, over the blocks along the inputs, of
/// every tile's output (partial sums are accumulated after each tile's ADC, as in tiled
/// in-memory-computing accelerators); edge blocks are smaller, not zero-padded.
/// </summary>
public sealed class TiledMatrix : IProgrammedMatrix
{
    private readonly IProgrammedMatrix[,] _tiles;
    private readonly int[] _rowStart; // output offset of each block row
    private readonly int[] _colStart; // input offset of each block column

    private TiledMatrix(IProgrammedMatrix[,] tiles, int[] rowStart, int[] colStart, int outputs, int inputs)
    {
        _tiles = tiles;
        _rowStart = rowStart;
        _colStart = colStart;
        Outputs = outputs;
        Inputs = inputs;
    }

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>Number of physical tiles used: one per block, or the slices of a bit-sliced block (<see cref="ITileGroup"/>).</summary>
    public int TileCount => _tiles.Cast<IProgrammedMatrix>().Sum(t => t is ITileGroup g ? g.TileCount : 1);

    /// <summary>Number of blocks: ceil(outputs / tile outputs) x ceil(inputs / tile inputs).</summary>
    public int BlockCount => _tiles.Length;

    /// <summary>The tile holding block (blockRow, blockCol).</summary>
    public IProgrammedMatrix Tile(int blockRow, int blockCol) => _tiles[blockRow, blockCol];

    /// <summary>
    /// Splits <paramref name="weightsOutByIn"/> into tiles of <paramref name="geometry"/> and programs
    /// each with <paramref name="programmer"/>; tile seeds derive from <paramref name="seed"/>, the layer and the block.
    /// </summary>
    /// <param name="blockRowOffset">Added to every block row in the tiles' context and seed (the groups of a grouped convolution continue one layer's block rows).</param>
    /// <param name="layerClip">The layer's weight clip when it spans more than this matrix; null = the programmer's choice for this matrix.</param>
    public static TiledMatrix Program(double[,] weightsOutByIn, TileGeometry geometry, ITileProgrammer programmer, int layer = 0, int seed = 0,
        int blockRowOffset = 0, double? layerClip = null)
    {
        int outputs = weightsOutByIn.GetLength(0), inputs = weightsOutByIn.GetLength(1);
        if (outputs == 0 || inputs == 0) throw new ArgumentException("cannot tile an empty matrix");
        int blockRows = (outputs + geometry.Outputs - 1) / geometry.Outputs;
        int blockCols = (inputs + geometry.Inputs - 1) / geometry.Inputs;
        double clip = layerClip ?? ChooseClip(weightsOutByIn, programmer);
        var tiles = new IProgrammedMatrix[blockRows, blockCols];
        var rowStart = new int[blockRows + 1];
        var colStart = new int[blockCols + 1];
        for (int br = 0; br <= blockRows; br++) rowStart[br] = Math.Min(br * geometry.Outputs, outputs);
        for (int bc = 0; bc <= blockCols; bc++) colStart[bc] = Math.Min(bc * geometry.Inputs, inputs);
        // Each block's tile depends only on its weights and its seed, so a programmer that allows it programs
        // the blocks in parallel (programming ResNet-18's thousands of tiles is otherwise one core's work).
        void ProgramBlock(int k)
        {
            int br = k / blockCols, bc = k % blockCols;
            int r0 = rowStart[br], nr = rowStart[br + 1] - r0;
            int c0 = colStart[bc], nc = colStart[bc + 1] - c0;
            var block = new double[nr, nc];
            for (int r = 0; r < nr; r++)
                for (int c = 0; c < nc; c++) block[r, c] = weightsOutByIn[r0 + r, c0 + c];
            int row = br + blockRowOffset;
            var tile = programmer.Program(block, new TileContext(layer, row, bc, clip, TileSeed(seed, layer, row, bc)));
            if (tile.Outputs != nr || tile.Inputs != nc)
                throw new InvalidOperationException(
                    $"{programmer.Name} programmed a {tile.Outputs}x{tile.Inputs} tile for a {nr}x{nc} block");
            tiles[br, bc] = tile;
        }
        if (programmer.ProgramsInParallel && tiles.Length > 1)
        {
            try { Parallel.For(0, tiles.Length, ProgramBlock); }
            catch (AggregateException e)
            {
                // The first block's own error (a bad config names its field), as in order.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            }
        }
        else for (int k = 0; k < tiles.Length; k++) ProgramBlock(k);
        return new TiledMatrix(tiles, rowStart, colStart, outputs, inputs);
    }

    /// <summary>The programmer's weight clip for a whole matrix (by default its largest |w|).</summary>
    private static double ChooseClip(double[,] weightsOutByIn, ITileProgrammer programmer)
    {
        double maxAbs = 0;
        foreach (var w in weightsOutByIn) maxAbs = Math.Max(maxAbs, Math.Abs(w));
        return programmer.LayerWeightClip(weightsOutByIn, maxAbs);
    }

    /// <summary>A seed per tile from the network seed and the block position (SplitMix64 mixing, so neighbours are uncorrelated).</summary>
    public static int TileSeed(int seed, int layer, int blockRow, int blockCol)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)layer << 48) ^ ((ulong)(uint)blockRow << 24) ^ (uint)blockCol;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (x.Length < count * Inputs || y.Length < count * Outputs)
            throw new ArgumentException($"batch of {count} needs {count * Inputs} inputs and {count * Outputs} outputs");
        int blockCols = _tiles.GetLength(1);
        // Each input block is gathered once: xBlocks[bc] holds count x nc values. The buffers come
        // from the shared pool: a batch of MNIST images is tens of megabytes, and fresh arrays of
        // that size cost more (zeroing, page faults, GC) than the small-tile products themselves.
        // Blocks are gathered straight from x (a span cannot enter the parallel tile reads). All blocks
        // sit in one pooled buffer (block bc from count x its first input): dozens of same-size arrays
        // rented and returned at once would overflow the pool and come back as fresh pages.
        var pool = ArrayPool<double>.Shared;
        var buffer = pool.Rent(count * Inputs);
        var xBlocks = new ArraySegment<double>[blockCols];
        try
        {
            for (int bc = 0; bc < blockCols; bc++)
                xBlocks[bc] = new ArraySegment<double>(buffer, count * _colStart[bc], count * (_colStart[bc + 1] - _colStart[bc]));
            Gather(x, xBlocks, count);
            using var single = Xbar.Behavioral.Tiles.BehavioralCore.SinglePrecisionBatches(); // float products (see BehavioralCore.ReadCurrentsBatch)
            var shared = new DacVoltages?[blockCols];
            var (volts, silent) = ShareDac(xBlocks, count, shared);
            try { MultiplyBlocks(xBlocks, shared, y, count); }
            finally
            {
                foreach (var voltages in shared) voltages?.Dispose();
                if (volts is not null) pool.Return(volts);
                if (silent is not null) ArrayPool<bool>.Shared.Return(silent);
            }
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    /// <summary>Samples per work item of the gather: 1,024 rows of a 64-input block are 512 kB.</summary>
    private const int GatherSamples = 1024;

    /// <summary>
    /// Samples per work item of the partial-sum additions. A speed choice only: each output's sum runs
    /// over the blocks in the same order whatever the chunk, so any value gives the same bits.
    /// </summary>
    private const int SumSamples = 1024;

    /// <summary>
    /// Copies every input block of x into its segment, on every core (a layer's batch of inputs is
    /// tens of megabytes, and a serial copy leaves the other core idle between the parallel tile reads).
    /// </summary>
    private unsafe void Gather(ReadOnlySpan<double> x, ArraySegment<double>[] xBlocks, int count)
    {
        int blockCols = xBlocks.Length, inputs = Inputs, chunks = (count + GatherSamples - 1) / GatherSamples;
        fixed (double* px = x)
        {
            nint at = (nint)px; // a pinned address can enter the parallel loop where the span cannot
            void Copy(int k)
            {
                int bc = k % blockCols, s0 = k / blockCols * GatherSamples, s1 = Math.Min(count, s0 + GatherSamples);
                int c0 = _colStart[bc], nc = _colStart[bc + 1] - c0;
                var source = new ReadOnlySpan<double>((double*)at, count * inputs);
                var block = xBlocks[bc].AsSpan();
                if (blockCols == 1) source[(s0 * inputs)..(s1 * inputs)].CopyTo(block[(s0 * nc)..]);
                else
                    for (int s = s0; s < s1; s++) source.Slice(s * inputs + c0, nc).CopyTo(block.Slice(s * nc, nc));
            }
            if (chunks * blockCols > 1 && (long)count * inputs >= 65_536) Parallel.For(0, chunks * blockCols, Copy);
            else for (int k = 0; k < chunks * blockCols; k++) Copy(k);
        }
    }

    /// <summary>
    /// One DAC pass per block column whose tiles all read under the same DAC setting (<see cref="ISharedDacMatrix"/>)
    /// into <paramref name="shared"/> (null for the other columns): the column's tiles then read the same voltages
    /// instead of each converting the same inputs again (16 times in a 512-output layer of 64x64 tiles), with
    /// the same outputs bit for bit. Columns convert in parallel, into one pooled buffer returned to the caller.
    /// </summary>
    private (double[]? Volts, bool[]? Silent) ShareDac(ArraySegment<double>[] xBlocks, int count, DacVoltages?[] shared)
    {
        int blockRows = _tiles.GetLength(0), blockCols = _tiles.GetLength(1);
        if (blockRows < 2) return (null, null); // one tile per column: nothing to share
        var settings = new DacSetting?[blockCols];
        var offsets = new int[blockCols + 1];
        for (int bc = 0; bc < blockCols; bc++)
        {
            settings[bc] = ColumnDac(bc, count);
            offsets[bc + 1] = offsets[bc] + (settings[bc] is { } s ? DacVoltages.Size(s, count) : 0);
        }
        int columns = settings.Count(s => s is not null);
        if (columns == 0) return (null, null);
        // One buffer for every shared column (see DacVoltages.Convert).
        var volts = ArrayPool<double>.Shared.Rent(offsets[blockCols]);
        var silent = ArrayPool<bool>.Shared.Rent(count * columns);
        var silentAt = new int[blockCols];
        for (int bc = 0, at = 0; bc < blockCols; bc++)
            if (settings[bc] is not null) { silentAt[bc] = at; at += count; }
        void Convert(int bc)
        {
            if (settings[bc] is not { } setting) return;
            int nc = _colStart[bc + 1] - _colStart[bc];
            shared[bc] = DacVoltages.Convert(setting, xBlocks[bc].AsSpan(0, count * nc), nc, count,
                new ArraySegment<double>(volts, offsets[bc], offsets[bc + 1] - offsets[bc]), new ArraySegment<bool>(silent, silentAt[bc], count));
        }
        try { Parallel.For(0, blockCols, Convert); }
        catch (AggregateException e)
        {
            ArrayPool<double>.Shared.Return(volts);
            ArrayPool<bool>.Shared.Return(silent);
            // The first column's own error (a NaN input names itself), as a tile's own conversion would throw it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
        return (volts, silent);
    }

    /// <summary>The DAC setting every tile of block column <paramref name="bc"/> reads a batch of <paramref name="count"/> under, or null when they differ or convert themselves.</summary>
    private DacSetting? ColumnDac(int bc, int count)
    {
        if (_tiles[0, bc] is not ISharedDacMatrix first || first.SharedDac(count) is not { } setting) return null;
        for (int br = 1; br < _tiles.GetLength(0); br++)
            if (_tiles[br, bc] is not ISharedDacMatrix tile || tile.SharedDac(count) != setting) return null;
        return setting;
    }

    /// <summary>Block (br, bc)'s product of the batch into <paramref name="y"/>: from the column's shared DAC pass where there is one.</summary>
    private void ReadTile(int br, int bc, ArraySegment<double>[] xBlocks, DacVoltages?[] shared, Span<double> y, int count)
    {
        if (shared[bc] is { } voltages) ((ISharedDacMatrix)_tiles[br, bc]).MultiplyVoltages(voltages, y);
        else _tiles[br, bc].MultiplyBatch(xBlocks[bc].AsSpan(0, count * (_colStart[bc + 1] - _colStart[bc])), y, count);
    }

    private unsafe void MultiplyBlocks(ArraySegment<double>[] xBlocks, DacVoltages?[] shared, Span<double> y, int count)
    {
        int blockRows = _tiles.GetLength(0), blockCols = _tiles.GetLength(1), outputs = Outputs;
        // Partial sums are pooled as the inputs are: a layer's batch is megabytes per tile. The
        // outputs are written in the parallel loops through y's pinned address (a span cannot enter them).
        var pool = ArrayPool<double>.Shared;
        fixed (double* py = y)
        {
            nint yAt = (nint)py;
            if (blockRows < 2 * Environment.ProcessorCount && (long)count * outputs * blockCols <= 4_000_000)
            {
                // Few block rows (e.g. one 256x256 tile row for 64 outputs) would leave cores idle: run
                // every tile in parallel into its own partial result (each tile owns its read-noise
                // source, drawn in sample order), then add the partials in the fixed block order from
                // zero, which gives the same sums, bit for bit, as the sequential accumulation below.
                // The partial results share one pooled buffer, as the input blocks do: part (br, bc) at count x (br's first output x blockCols + bc x br's outputs).
                var partBuffer = pool.Rent(count * outputs * blockCols);
                var parts = new ArraySegment<double>[blockRows * blockCols];
                for (int k = 0; k < parts.Length; k++)
                {
                    int br = k / blockCols, bc = k % blockCols, nr = _rowStart[br + 1] - _rowStart[br];
                    parts[k] = new ArraySegment<double>(partBuffer, count * (_rowStart[br] * blockCols + bc * nr), count * nr);
                }
                try
                {
                    Parallel.For(0, parts.Length, k => ReadTile(k / blockCols, k % blockCols, xBlocks, shared, parts[k], count));
                    // The additions in parallel over chunks of samples (each output's sum in block order, as before).
                    Parallel.For(0, (count + SumSamples - 1) / SumSamples, chunk =>
                    {
                        var yAll = new Span<double>((double*)yAt, count * outputs);
                        int s1 = Math.Min(count, (chunk + 1) * SumSamples);
                        for (int br = 0; br < blockRows; br++)
                        {
                            int r0 = _rowStart[br], nr = _rowStart[br + 1] - r0;
                            for (int s = chunk * SumSamples; s < s1; s++)
                            {
                                var ys = yAll.Slice(s * outputs + r0, nr);
                                for (int j = 0; j < nr; j++)
                                {
                                    double acc = 0;
                                    for (int bc = 0; bc < blockCols; bc++) acc += parts[br * blockCols + bc][s * nr + j];
                                    ys[j] = acc;
                                }
                            }
                        }
                    });
                }
                finally
                {
                    pool.Return(partBuffer);
                }
                return;
            }
            // Block rows write disjoint outputs and own their tiles, so they run in parallel; inside a
            // block row the tiles run in a fixed order, so sums and read-noise draws are reproducible.
            Parallel.For(0, blockRows, br =>
            {
                int r0 = _rowStart[br], nr = _rowStart[br + 1] - r0, size = count * nr;
                double[] acc = pool.Rent(size), part = pool.Rent(size);
                try
                {
                    Array.Clear(acc, 0, size);
                    for (int bc = 0; bc < blockCols; bc++)
                    {
                        ReadTile(br, bc, xBlocks, shared, part.AsSpan(0, size), count);
                        // Digital accumulation of the partial sums after the ADC.
                        System.Numerics.Tensors.TensorPrimitives.Add(acc.AsSpan(0, size), part.AsSpan(0, size), acc.AsSpan(0, size));
                    }
                    var yAll = new Span<double>((double*)yAt, count * outputs);
                    for (int s = 0; s < count; s++)
                        acc.AsSpan(s * nr, nr).CopyTo(yAll.Slice(s * outputs + r0, nr));
                }
                finally
                {
                    pool.Return(acc);
                    pool.Return(part);
                }
            });
        }
    }
}
