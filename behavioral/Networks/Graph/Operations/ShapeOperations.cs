namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// ONNX Flatten: the input as a 2-D tensor, dimensions before <see cref="Axis"/> in the first and
/// the rest in the second. On an activation the axis must be at least 1 (the batch stays first).
/// </summary>
public sealed class Flatten(int axis = 1) : IOperation
{
    public string OpType => "Flatten";
    public int Axis { get; } = axis;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "input");
        var x = inputs[0];
        int a = Axis < 0 ? Axis + x.Rank : Axis;
        if (a < 0 || a > x.Rank) throw new GraphShapeException($"axis {Axis} is out of range for rank {x.Rank}");
        if (x.Batched && a == 0) throw new GraphShapeException("axis 0 would merge the batch dimension into the features; use axis >= 1");
        return [ShapeRules.Like(x, Dims(x.Dims, a))];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int a = Axis < 0 ? Axis + x.Rank : Axis;
        return [x.Reshape(Dims(x.Dims.ToArray(), a))];
    }

    private static int[] Dims(int[] d, int a)
    {
        long outer = 1, inner = 1;
        for (int i = 0; i < d.Length; i++) if (i < a) outer *= d[i]; else inner *= d[i];
        return [(int)outer, (int)inner];
    }
}

/// <summary>
/// ONNX Reshape with a constant target shape (an initializer, or one folded from static shapes):
/// 0 copies the input's dimension (unless <see cref="AllowZero"/>), -1 takes what is left. On an
/// activation the first entry is the batch: 0, -1 or 1 (a model exported for batch 1) keep it, so
/// a model whose batch is fixed at 1 runs any batch; any other first entry is refused.
/// </summary>
public sealed class Reshape(bool allowZero = false) : IOperation
{
    public string OpType => "Reshape";
    public bool AllowZero { get; } = allowZero;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 2, "data, shape");
        var target = inputs[1].Constant
                     ?? throw new GraphShapeException("the target shape (input 2) must be a constant or computed from static shapes");
        var x = inputs[0];
        return [ShapeRules.Like(x, Resolve(x.Dims, ShapeRules.Ints(target, "the target shape"), x.Batched))];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) =>
        [inputs[0].Reshape(Resolve(inputs[0].Dims.ToArray(), ShapeRules.Ints(inputs[1], "the target shape"), batched: true))];

    public Tensor[] Fold(IReadOnlyList<Tensor> inputs) =>
        [inputs[0].Reshape(Resolve(inputs[0].Dims.ToArray(), ShapeRules.Ints(inputs[1], "the target shape"), batched: false))];

    private int[] Resolve(int[] input, int[] target, bool batched)
    {
        var dims = (int[])target.Clone();
        long size = Tensor.Size(input);
        int start = 0;
        if (batched)
        {
            if (dims.Length == 0) throw new GraphShapeException("a scalar target would drop the batch dimension");
            if (dims[0] is not (0 or -1 or 1))
                throw new GraphShapeException($"target [{string.Join(", ", target)}] fixes the batch (first) dimension at {dims[0]}; 0, -1 or 1 keep the batch");
            if (dims[0] == -1 && dims.Skip(1).Contains(-1))
                throw new GraphShapeException($"target [{string.Join(", ", target)}] has -1 both at the batch and at another dimension");
            dims[0] = input[0];
            start = 1;
        }
        int infer = -1;
        long known = 1;
        for (int i = start; i < dims.Length; i++)
        {
            if (dims[i] == 0 && !AllowZero)
            {
                if (i >= input.Length) throw new GraphShapeException($"target [{string.Join(", ", target)}] copies dimension {i}, which the input of shape {Tensor.Describe(input)} lacks");
                dims[i] = input[i];
            }
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new GraphShapeException($"target [{string.Join(", ", target)}] has more than one -1");
                infer = i;
                continue;
            }
            if (dims[i] < 0) throw new GraphShapeException($"target [{string.Join(", ", target)}] has a negative dimension");
            known *= dims[i];
        }
        if (batched) known *= input[0];
        if (infer >= 0)
        {
            if (known == 0 || size % known != 0)
                throw new GraphShapeException($"cannot reshape {Tensor.Describe(input)} ({size} values) to [{string.Join(", ", target)}]");
            dims[infer] = (int)(size / known);
        }
        else if (known != size)
            throw new GraphShapeException($"cannot reshape {Tensor.Describe(input)} ({size} values) to [{string.Join(", ", target)}] ({known} values)");
        return dims;
    }
}

/// <summary>ONNX Transpose: dimensions permuted by <see cref="Perm"/> (default: reversed). The batch must stay first.</summary>
public sealed class Transpose(int[]? perm = null) : IOperation
{
    public string OpType => "Transpose";
    public int[]? Perm { get; } = perm;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        var x = inputs[0];
        var p = PermFor(x.Rank);
        if (x.Batched && x.Rank > 0 && p[0] != 0) throw new GraphShapeException($"perm [{string.Join(", ", p)}] moves the batch dimension; perm[0] must be 0");
        return [ShapeRules.Like(x, p.Select(i => x.Dims[i]).ToArray())];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var p = PermFor(x.Rank);
        var inDims = x.Dims.ToArray();
        var outDims = p.Select(i => inDims[i]).ToArray();
        var inStrides = ShapeRules.Strides(inDims);
        var stride = p.Select(i => inStrides[i]).ToArray(); // input stride of each output dimension
        var y = new double[x.Length];
        var index = new int[outDims.Length];
        for (long k = 0; k < y.Length; k++)
        {
            long src = 0;
            for (int d = 0; d < index.Length; d++) src += index[d] * stride[d];
            y[k] = x.Data[src];
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < outDims[d]) break;
                index[d] = 0;
            }
        }
        return [new Tensor(outDims, y)];
    }

    private int[] PermFor(int rank)
    {
        var p = Perm ?? Enumerable.Range(0, rank).Reverse().ToArray();
        if (p.Length != rank || p.OrderBy(v => v).Where((v, i) => v != i).Any())
            throw new GraphShapeException($"perm [{string.Join(", ", p)}] is not a permutation of the {rank} dimensions");
        return p;
    }
}

/// <summary>ONNX Squeeze: removes the listed dimensions of size 1 (all of them when no axes are given, never the batch).</summary>
public sealed class Squeeze(int[]? axes = null) : IOperation
{
    public string OpType => "Squeeze";
    public int[]? Axes { get; } = axes;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        var x = inputs[0];
        var drop = Dropped(x.Dims, x.Batched);
        if (x.Batched && drop.Contains(0)) throw new GraphShapeException("squeezing axis 0, the batch dimension, is not supported");
        return [ShapeRules.Like(x, x.Dims.Where((_, i) => !drop.Contains(i)).ToArray())];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) => Apply(inputs[0], batched: true);

    public Tensor[] Fold(IReadOnlyList<Tensor> inputs) => Apply(inputs[0], batched: false);

    private Tensor[] Apply(Tensor x, bool batched)
    {
        var dims = x.Dims.ToArray();
        var drop = Dropped(dims, batched);
        return [x.Reshape(dims.Where((_, i) => !drop.Contains(i)).ToArray())];
    }

    private HashSet<int> Dropped(int[] dims, bool batched)
    {
        if (Axes is null) return Enumerable.Range(batched ? 1 : 0, Math.Max(0, dims.Length - (batched ? 1 : 0))).Where(i => dims[i] == 1).ToHashSet();
        var set = new HashSet<int>();
        foreach (int a in Axes)
        {
            int i = ShapeRules.Axis(a, dims.Length);
            if (dims[i] != 1) throw new GraphShapeException($"axis {a} has size {dims[i]}, not 1");
            set.Add(i);
        }
        return set;
    }
}

/// <summary>ONNX Unsqueeze: inserts dimensions of size 1 at the listed axes of the output (never before the batch).</summary>
public sealed class Unsqueeze(int[] axes) : IOperation
{
    public string OpType => "Unsqueeze";
    public int[] Axes { get; } = axes;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        var x = inputs[0];
        var (dims, at) = Dims(x.Dims);
        if (x.Batched && at.Contains(0)) throw new GraphShapeException("inserting axis 0 would move the batch dimension");
        return [ShapeRules.Like(x, dims)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) => [inputs[0].Reshape(Dims(inputs[0].Dims.ToArray()).Dims)];

    private (int[] Dims, HashSet<int> At) Dims(int[] input)
    {
        int rank = input.Length + Axes.Length;
        var at = Axes.Select(a => ShapeRules.Axis(a, rank)).ToHashSet();
        if (at.Count != Axes.Length) throw new GraphShapeException($"axes [{string.Join(", ", Axes)}] repeat an axis");
        var dims = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) dims[i] = at.Contains(i) ? 1 : input[k++];
        return (dims, at);
    }
}

/// <summary>ONNX Concat along <see cref="Axis"/> (not the batch); a constant with batch dimension 1 is repeated over the batch.</summary>
public sealed class Concat(int axis) : IOperation
{
    public string OpType => "Concat";
    public int Axis { get; } = axis;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        if (inputs.Count == 0) throw new GraphShapeException("takes at least one input");
        int rank = inputs[0].Rank;
        int a = ShapeRules.Axis(Axis, rank);
        bool batched = inputs.Any(s => s.Batched);
        if (batched && a == 0) throw new GraphShapeException("concatenation along axis 0, the batch dimension, is not supported");
        var dims = (int[])inputs[0].Dims.Clone();
        dims[a] = 0;
        foreach (var s in inputs)
        {
            if (s.Rank != rank) throw new GraphShapeException($"inputs have ranks {rank} and {s.Rank}");
            for (int d = 0; d < rank; d++)
                if (d != a && s.Dims[d] != dims[d] && !(d == 0 && batched))
                    throw new GraphShapeException($"input shapes {inputs[0]} and {s} differ outside axis {Axis}");
            if (batched && !s.Batched && s.Dims[0] != 1) throw new GraphShapeException($"constant input of shape {s} does not have batch dimension 1");
            dims[a] += s.Dims[a];
        }
        if (batched) dims[0] = inputs.First(s => s.Batched).Dims[0];
        return [new ValueShape(dims, batched)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        int rank = inputs[0].Rank;
        int a = ShapeRules.Axis(Axis, rank);
        int batch = a == 0 ? 1 : inputs.Max(t => t.Dim(0));
        var dims = inputs[0].Dims.ToArray();
        if (a != 0) dims[0] = batch;
        dims[a] = inputs.Sum(t => t.Dim(a));
        // Blocks: for each outer index (dimensions before the axis), each input contributes dim(a) x inner values.
        long inner = 1;
        for (int d = a + 1; d < rank; d++) inner *= dims[d];
        long outer = 1;
        for (int d = 0; d < a; d++) outer *= dims[d];
        long perOuterBatch = outer / Math.Max(1, a == 0 ? 1 : batch); // outer index within one sample
        var y = new double[Tensor.Size(dims)];
        long pos = 0;
        for (long o = 0; o < outer; o++)
            foreach (var t in inputs)
            {
                long len = t.Dim(a) * inner;
                // A constant with batch 1 repeats over the batch: read its sample 0.
                long src = a != 0 && t.Dim(0) == 1 && batch > 1 ? o % perOuterBatch : o;
                Array.Copy(t.Data, src * len, y, pos, len);
                pos += len;
            }
        return [new Tensor(dims, y)];
    }
}

/// <summary>
/// ONNX Shape. Always evaluated when the graph is built (shapes are static here); the batch of an
/// activation reads as 1, so a Reshape target built from it keeps the batch (see <see cref="Reshape"/>).
/// </summary>
public sealed class ShapeOf(int start = 0, int? end = null) : IOperation
{
    public string OpType => "Shape";
    public int Start { get; } = start;
    public int? End { get; } = end;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        return [new ValueShape([Slice(inputs[0].Dims, this).Length], false)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) => [Of(inputs[0].Dims.ToArray(), this)];

    /// <summary>The shape (from <paramref name="op"/>'s start to its end) as a rank-1 tensor.</summary>
    public static Tensor Of(int[] dims, ShapeOf op) => Tensor.Vector(Slice(dims, op).Select(d => (double)d).ToArray());

    private static int[] Slice(int[] dims, ShapeOf op)
    {
        int r = dims.Length;
        int s = Math.Clamp(op.Start < 0 ? op.Start + r : op.Start, 0, r);
        int e = Math.Clamp(op.End is { } v ? (v < 0 ? v + r : v) : r, 0, r);
        return dims[s..Math.Max(s, e)];
    }
}

/// <summary>ONNX Gather along <see cref="Axis"/> (not the batch) with constant indices.</summary>
public sealed class Gather(int axis = 0) : IOperation
{
    public string OpType => "Gather";
    public int Axis { get; } = axis;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 2, "data, indices");
        var x = inputs[0];
        int a = ShapeRules.Axis(Axis, x.Rank);
        ShapeRules.NotBatch(a, x, "Gather");
        if (inputs[1].Batched) throw new GraphShapeException("the indices must be constant");
        return [ShapeRules.Like(x, [.. x.Dims[..a], .. inputs[1].Dims, .. x.Dims[(a + 1)..]])];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int a = ShapeRules.Axis(Axis, x.Rank);
        int n = x.Dim(a);
        var idx = inputs[1].Data.Select(v =>
        {
            int i = (int)v;
            if (i < -n || i >= n) throw new GraphShapeException($"index {i} is out of range for dimension {n}");
            return i < 0 ? i + n : i;
        }).ToArray();
        long outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= x.Dim(d);
        for (int d = a + 1; d < x.Rank; d++) inner *= x.Dim(d);
        var dims = x.Dims.ToArray();
        int[] outDims = [.. dims[..a], .. inputs[1].Dims, .. dims[(a + 1)..]];
        var y = new double[Tensor.Size(outDims)];
        long pos = 0;
        for (long o = 0; o < outer; o++)
            foreach (int i in idx)
            {
                Array.Copy(x.Data, (o * n + i) * inner, y, pos, inner);
                pos += inner;
            }
        return [new Tensor(outDims, y)];
    }
}

/// <summary>How <see cref="Pad"/> fills the border.</summary>
public enum PadMode { Constant, Reflect, Edge }

/// <summary>
/// ONNX Pad: <see cref="Pads"/> holds the begin pads of every dimension, then the end pads
/// (negative values crop). The batch dimension is never padded.
/// </summary>
public sealed class Pad(int[] pads, PadMode mode = PadMode.Constant, double value = 0) : IOperation
{
    public string OpType => "Pad";
    public int[] Pads { get; } = pads;
    public PadMode Mode { get; } = mode;
    public double Value { get; } = value;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        var x = inputs[0];
        if (Pads.Length != 2 * x.Rank) throw new GraphShapeException($"pads holds {Pads.Length} values; a rank-{x.Rank} input needs {2 * x.Rank}");
        if (x.Batched && (Pads[0] != 0 || Pads[x.Rank] != 0)) throw new GraphShapeException("padding the batch dimension is not supported");
        var dims = OutDims(x.Dims);
        if (dims.Any(d => d < 1)) throw new GraphShapeException($"pads [{string.Join(", ", Pads)}] crop the input of shape {x} to nothing");
        if (Mode == PadMode.Reflect)
            for (int d = 0; d < x.Rank; d++)
                if (Math.Max(Pads[d], Pads[d + x.Rank]) >= x.Dims[d] && Math.Max(Pads[d], Pads[d + x.Rank]) > 0)
                    throw new GraphShapeException($"reflect padding of {Math.Max(Pads[d], Pads[d + x.Rank])} needs dimension {d} larger than that (it is {x.Dims[d]})");
        return [ShapeRules.Like(x, dims)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var inDims = x.Dims.ToArray();
        var dims = OutDims(inDims);
        var strides = ShapeRules.Strides(inDims);
        int rank = dims.Length;
        var y = new double[Tensor.Size(dims)];
        var index = new int[rank];
        for (long k = 0; k < y.Length; k++)
        {
            long src = 0;
            bool outside = false;
            for (int d = 0; d < rank; d++)
            {
                int i = index[d] - Pads[d], n = inDims[d];
                if (i < 0 || i >= n)
                {
                    if (Mode == PadMode.Constant) { outside = true; break; }
                    i = Mode == PadMode.Edge ? Math.Clamp(i, 0, n - 1) : Reflect(i, n);
                }
                src += i * strides[d];
            }
            y[k] = outside ? Value : x.Data[src];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return [new Tensor(dims, y)];
    }

    private int[] OutDims(int[] d) => d.Select((v, i) => v + Pads[i] + Pads[i + d.Length]).ToArray();

    private static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }
}
