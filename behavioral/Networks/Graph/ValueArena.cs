namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Reuses the arrays of a <see cref="GraphExecutor"/>'s intermediate values across its nodes and runs.
/// A fresh array per node is costly at image sizes: ResNet-18's first layer alone gives 8 images x
/// 64 x 112 x 112 doubles (51 MB), and every fresh large array is zeroed by the runtime and then
/// faulted in page by page by the kernel (clear_page was an eighth of the profile of `xbar bench onnx`).
/// Operations take their output arrays from <see cref="Tensor.Uninitialized"/>, which draws from the
/// arena of the run in progress on the calling thread (a plain new array outside a run, as in constant
/// folding); the executor hands an array back when the last value that refers to it is released.
/// Arrays are matched by exact length, so a rented array is a valid tensor of its shape, and are NOT
/// zeroed: an operation must write every element of its output.
/// </summary>
internal sealed class ValueArena
{
    /// <summary>Values kept free at most (1 GiB of doubles): a graph run at several batch sizes leaves one set per size.</summary>
    private const long MaxFreeValues = 1L << 27;

    private readonly Dictionary<int, Stack<double[]>> _free = [];
    private long _freeValues;

    [ThreadStatic] private static Run? t_current;

    /// <summary>Starts a run on the calling thread: until it is disposed, <see cref="Tensor.Uninitialized"/> draws from this arena.</summary>
    public Run Enter() => new(this);

    /// <summary>An array of <paramref name="length"/> from the run in progress on this thread, or null outside a run.</summary>
    internal static double[]? RentForCurrentRun(long length) => t_current?.Rent(length);

    private double[]? TakeFree(int length)
    {
        lock (_free)
        {
            if (!_free.TryGetValue(length, out var stack) || stack.Count == 0) return null;
            _freeValues -= length;
            return stack.Pop();
        }
    }

    private void GiveBack(double[] array)
    {
        lock (_free)
        {
            if (_freeValues + array.Length > MaxFreeValues) return; // the collector takes it
            if (!_free.TryGetValue(array.Length, out var stack)) _free[array.Length] = stack = new Stack<double[]>();
            stack.Push(array);
            _freeValues += array.Length;
        }
    }

    /// <summary>
    /// One run's bookkeeping: the arrays it rented and how many live values refer to each (a Reshape or
    /// an Identity shares its input's array, so an array goes back only when no value holds it).
    /// Arrays not rented in this run (graph inputs, initializers, an operation's own constants) are never given back.
    /// </summary>
    public sealed class Run : IDisposable
    {
        private readonly ValueArena _arena;
        private readonly Run? _outer;
        private readonly Dictionary<double[], int> _holders = new(ReferenceEqualityComparer.Instance);

        internal Run(ValueArena arena)
        {
            _arena = arena;
            _outer = t_current;
            t_current = this;
        }

        internal double[] Rent(long length)
        {
            if (length == 0 || length > Array.MaxLength) return new double[length];
            var array = _arena.TakeFree((int)length) ?? GC.AllocateUninitializedArray<double>((int)length);
            _holders[array] = 0;
            return array;
        }

        /// <summary>A value now refers to <paramref name="value"/>'s array.</summary>
        public void Hold(Tensor value)
        {
            if (_holders.TryGetValue(value.Data, out int n)) _holders[value.Data] = n + 1;
        }

        /// <summary>A value that referred to <paramref name="value"/>'s array was released: the array goes back when it was the last.</summary>
        public void Release(Tensor value)
        {
            if (!_holders.TryGetValue(value.Data, out int n)) return;
            if (n > 1) { _holders[value.Data] = n - 1; return; }
            _holders.Remove(value.Data);
            _arena.GiveBack(value.Data);
        }

        public void Dispose() => t_current = _outer;
    }
}
