namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>Shape rules shared by the operations: axes, broadcasting, the batch dimension.</summary>
internal static class ShapeRules
{
    /// <summary>A possibly negative axis as an index in [0, rank).</summary>
    public static int Axis(int axis, int rank, string what = "axis")
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new GraphShapeException($"{what} {axis} is out of range for rank {rank}");
        return a;
    }

    /// <summary>Refuses an axis that is the batch dimension of a batched value.</summary>
    public static void NotBatch(int axis, ValueShape input, string what)
    {
        if (input.Batched && axis == 0)
            throw new GraphShapeException($"{what} on axis 0, the batch dimension, is not supported");
    }

    /// <summary>Requires exactly <paramref name="count"/> inputs.</summary>
    public static void Inputs(IReadOnlyList<ValueShape> inputs, int count, string names)
    {
        if (inputs.Count != count) throw new GraphShapeException($"takes {count} input(s) ({names}), got {inputs.Count}");
    }

    /// <summary>Requires a batched input of the given rank (the batch included).</summary>
    public static void Rank(ValueShape input, int rank, string layout)
    {
        if (input.Rank != rank) throw new GraphShapeException($"expects a rank-{rank} input ({layout}), got shape {input}");
    }

    /// <summary>Multidirectional (numpy) broadcasting of two shapes.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new GraphShapeException($"shapes {Tensor.Describe(a)} and {Tensor.Describe(b)} do not broadcast");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>
    /// Broadcast shape of several values; a batched result must keep the batch first: a constant
    /// of the result's rank must have 1 as its first dimension.
    /// </summary>
    public static ValueShape Broadcast(IReadOnlyList<ValueShape> inputs)
    {
        int[] dims = inputs[0].Dims;
        for (int i = 1; i < inputs.Count; i++) dims = Broadcast(dims, inputs[i].Dims);
        bool batched = inputs.Any(s => s.Batched);
        if (batched)
            foreach (var s in inputs)
                if (!s.Batched && s.Rank == dims.Length && s.Dims[0] != 1)
                    throw new GraphShapeException($"constant operand of shape {s} would broadcast over the batch dimension");
        if (batched && inputs.Any(s => s.Batched && s.Rank < dims.Length))
            throw new GraphShapeException($"a constant of higher rank ({Tensor.Describe(dims)}) would move the batch dimension of {inputs.First(s => s.Batched)}");
        return new ValueShape(dims, batched);
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static long[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>The output shape of an operation that keeps its (single) input's batched flag.</summary>
    public static ValueShape Like(ValueShape input, int[] dims) => new(dims, input.Batched);

    /// <summary>Reads a constant of integers (shape, axes) as ints.</summary>
    public static int[] Ints(Tensor t, string what)
    {
        if (t.Rank > 1) throw new GraphShapeException($"{what} must be a rank-1 tensor, got {t}");
        var r = new int[t.Length];
        for (int i = 0; i < r.Length; i++)
        {
            double v = t.Data[i];
            if (v != Math.Floor(v) || Math.Abs(v) > int.MaxValue) throw new GraphShapeException($"{what} holds {v}, not an integer");
            r[i] = (int)v;
        }
        return r;
    }

    /// <summary>
    /// Throws when a weight is not on one of <paramref name="levels"/>' values: within 1e-6 R of a level
    /// (a model stored in float32 holds each level to about 6e-8 R; the closest levels are R / 255 apart).
    /// </summary>
    public static void OnLevels(Training.HardwareAware.FixedRangeQuantizer? levels, ReadOnlySpan<double> weights)
    {
        if (levels is null) return;
        double tolerance = 1e-6 * levels.Range;
        for (int i = 0; i < weights.Length; i++)
        {
            double level = levels.Level(levels.LevelIndex(weights[i]));
            if (!(Math.Abs(weights[i] - level) <= tolerance))
                throw new GraphShapeException(FormattableString.Invariant(
                    $"weight {i} = {weights[i]:R} is not one of the {2 * levels.States - 1} levels k {levels.Range:R} / {levels.States - 1} the weights are declared to sit on"));
        }
    }
}
