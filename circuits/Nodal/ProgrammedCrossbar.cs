using System.Collections.Concurrent;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Numerics;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// One programmed crossbar ready for many reads: it keeps the solver's factorised sessions (a
/// pool, so reads may run on several threads) and, for linear cells, the exact transfer matrix
/// T once enough reads have been asked for to pay for it. Column currents then cost one
/// matrix-vector product (a matrix product for a batch), exact to the round-off of a direct
/// solve. For bias-dependent cells every read is a Newton solve warm-started from the previous one.
/// </summary>
/// <remarks>
/// The choice between per-vector solves and T is made from the batch size: T costs about
/// (n^2 + m n) / 4000 solves (measured on the standard 3.4-9.2 kOhm problem: about 33 solves at
/// 256x256), so a batch at least that large, or a stream of single reads past that count, takes T.
/// Thread-safe.
/// </remarks>
public sealed class ProgrammedCrossbar
{
    private const int MaxRuns = 8;
    private readonly NodalCrossbarSolver _solver;
    private readonly ConcurrentBag<NodalCrossbarSolver.Session> _sessions = [];
    private readonly Lazy<double[,]> _transfer;
    private double[]? _transferRowMajor;
    private int _reads;

    internal ProgrammedCrossbar(NodalCrossbarSolver solver, CrossbarSpec spec, ICellArray cells)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        _solver = solver;
        Spec = spec;
        Cells = cells;
        _transfer = new Lazy<double[,]>(() => solver.TransferMatrix(spec, cells));
    }

    public CrossbarSpec Spec { get; }
    public ICellArray Cells { get; }

    /// <summary>Reads from which a transfer matrix pays for itself (linear cells only).</summary>
    public int TransferThreshold => Math.Max(2, (int)(((long)Spec.Cols * Spec.Cols + (long)Spec.Rows * Spec.Cols) / 4000));

    /// <summary>True once the transfer matrix has been computed (reads are then products with it).</summary>
    public bool UsesTransferMatrix => _transferRowMajor is not null;

    /// <summary>The full DC solution for one input vector (node voltages, iterations, residual).</summary>
    public CrossbarSolution Solve(IReadOnlyList<double> wordLineVoltages, CrossbarSolution? warmStart = null)
    {
        var session = Rent();
        try { return session.Solve(wordLineVoltages, warmStart); }
        finally { _sessions.Add(session); }
    }

    /// <summary>The exact transfer matrix (cols x rows, S) of this array's linear cells, computed once.</summary>
    public double[,] TransferMatrix() => _transfer.Value;

    /// <summary>
    /// Column currents (A) for one input vector (V). For linear cells the reads past
    /// <see cref="TransferThreshold"/> use the transfer matrix; both paths agree to the solver's
    /// tolerance (about 1e-12 of the largest current).
    /// </summary>
    public double[] ColumnCurrents(IReadOnlyList<double> wordLineVoltages)
    {
        Spec.CheckInputs(wordLineVoltages);
        if (Cells.IsLinear && (_transferRowMajor is not null || Interlocked.Increment(ref _reads) > TransferThreshold))
        {
            var t = TransferRowMajor();
            int m = Spec.Rows, n = Spec.Cols;
            var v = wordLineVoltages as double[] ?? wordLineVoltages.ToArray();
            var c = new double[n];
            for (int j = 0; j < n; j++) c[j] = VectorOps.Dot(t.AsSpan(j * m, m), v);
            return c;
        }
        // A cold start, so a read's result never depends on which thread's session served it.
        return Solve(wordLineVoltages).ColumnCurrents;
    }

    /// <summary>
    /// Column currents (A, vectors x cols) for many input vectors (V, vectors x rows). Linear cells
    /// and a batch of at least <see cref="TransferThreshold"/> vectors: one product with T; otherwise
    /// per-vector solves, warm-started in order within up to 8 contiguous runs that share the cores.
    /// </summary>
    public double[,] ColumnCurrents(double[,] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int count = inputs.GetLength(0), m = Spec.Rows, n = Spec.Cols;
        if (inputs.GetLength(1) != m)
            throw new InvalidInputException($"input vectors have {inputs.GetLength(1)} values but the crossbar has {m} rows");
        var result = new double[count, n];
        if (count == 0) return result;
        if (Cells.IsLinear && (count >= TransferThreshold || _transferRowMajor is not null))
        {
            var flat = new double[count * m];
            for (int v = 0; v < count; v++)
                for (int i = 0; i < m; i++)
                {
                    double x = inputs[v, i];
                    if (!double.IsFinite(x)) throw new InvalidInputException($"input vector {v}: word-line voltage {i} is not a finite number ({x})");
                    flat[v * m + i] = x;
                }
            var output = new double[count * n];
            Blas.Gemm(false, true, count, n, m, 1.0, flat, TransferRowMajor(), 0.0, output);
            Buffer.BlockCopy(output, 0, result, 0, output.Length * sizeof(double));
            return result;
        }
        // A fixed split (never the core count), so the warm-start chains and thus the last digits
        // of every result are the same on any machine.
        int runs = Math.Clamp(count / 4, 1, MaxRuns);
        ChunkedLoop.RunEach(runs, _solver.Options.Parallel, r =>
        {
            int v0 = (int)((long)count * r / runs), v1 = (int)((long)count * (r + 1) / runs);
            CrossbarSolution? previous = null;
            var row = new double[m];
            for (int v = v0; v < v1; v++)
            {
                for (int i = 0; i < m; i++) row[i] = inputs[v, i];
                previous = Solve(row, previous);
                for (int j = 0; j < n; j++) result[v, j] = previous.ColumnCurrents[j];
            }
        });
        return result;
    }

    private double[] TransferRowMajor()
    {
        if (_transferRowMajor is { } ready) return ready;
        var t = _transfer.Value;
        var flat = new double[t.Length];
        Buffer.BlockCopy(t, 0, flat, 0, flat.Length * sizeof(double));
        return _transferRowMajor = flat;
    }

    private NodalCrossbarSolver.Session Rent() =>
        _sessions.TryTake(out var s) ? s : new NodalCrossbarSolver.Session(_solver, Spec, Cells);
}
