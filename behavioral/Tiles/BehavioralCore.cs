using System.Buffers;
using System.Numerics.Tensors;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Numerics;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The behavioral analog core: I = T v + N v^3 (+ the bit-line load term) (+ read noise), with T
/// (A/V) and N (A/V^3) the effective linear and cubic transfer matrices of the programmed array
/// (outputs x inputs, row-major), fixed at programming so an MVM is a few matrix-vector products,
/// and a batch of MVMs a few matrix-matrix products (<see cref="ReadCurrentsBatch"/>).
/// </summary>
/// <remarks>
/// T and N come from the ladder model (<see cref="LadderIrDropModel"/>, options none and fast; probed
/// with T corrected by a few probe reads, <see cref="ProbeCorrection"/>) or
/// from nodal solves (<see cref="TransferModel"/>, options exact and calibrated, which also carry
/// the bit-line load term of bias-dependent cells). Read noise: each cell's current gets a Gaussian
/// relative error sigma (per read), summed in quadrature per output: variance sigma^2 sum_i
/// (T+_i^2 + T-_i^2) v_i^2.
/// </remarks>
public sealed partial class BehavioralCore : IAnalogCore
{
    /// <summary>The load term is dropped when it changes no output by more than this share of the full-scale output (our tolerance: far below every error goal).</summary>
    public const double LoadTolerance = 1e-5;

    private readonly double[] _t;
    private readonly double[]? _n;
    private readonly double[]? _noiseVar; // sigma^2 * sum of squared per-column transfers
    private readonly Load? _load;
    private readonly BatchProducts _products; // the matrices in float for batches (BatchPrecision.Single)

    /// <summary>The load term on the physical columns the outputs use: b, A1, A2 (columns x rows) and A3, and each output's two columns.</summary>
    private sealed record Load(int Columns, double[] B, double[] A1, double[] A2, double[] A3, int[] Plus, int[] Minus);

    private BehavioralCore(int rows, int outputs, double[] t, double[]? n, double[]? noiseVar, Load? load)
    {
        Rows = rows; Outputs = outputs; _t = t; _n = n; _noiseVar = noiseVar; _load = load;
        _products = new BatchProducts(rows, outputs, t, n, noiseVar, load);
    }

    public int Rows { get; }
    public int Outputs { get; }

    /// <summary>Effective linear transfer matrix, outputs x inputs, row-major (A/V).</summary>
    public ReadOnlySpan<double> Transfer => _t;

    /// <summary>Whether the bit-line load term is evaluated (it is dropped where it is below <see cref="LoadTolerance"/>).</summary>
    public bool HasLoadTerm => _load is not null;

    /// <summary>Builds the core from programmed cells with the ladder model (<see cref="IrDropModel.None"/> or <see cref="IrDropModel.Fast"/>).</summary>
    public static BehavioralCore Build(ICellArray cells, MappedWeights map, WireParameters wires, IrDropModel model, double vRef, double readNoiseSigma)
    {
        if (model is not (IrDropModel.None or IrDropModel.Fast))
            throw new ArgumentException($"the ladder core is for the none and fast options, not {model}; use FromTransfer");
        var (t, n) = PhysicalTransfer(cells, wires, model, vRef);
        return FromPhysical(cells.Rows, map, t, cells.IsLinear ? null : n, null, vRef, readNoiseSigma);
    }

    /// <summary>
    /// Builds the core of the probed option (<see cref="IrDropModel.Probed"/>): the ladder model with its
    /// linear transfer made exact on <paramref name="groups"/> probe reads of <paramref name="spec"/> (<see cref="ProbeCorrection"/>).
    /// </summary>
    public static BehavioralCore BuildProbed(ICellArray cells, Circuits.Crossbars.CrossbarSpec spec, MappedWeights map, WireParameters wires,
        double vRef, double readNoiseSigma, int groups = ProbeCorrection.DefaultGroups, Circuits.Nodal.NodalCrossbarSolver? solver = null)
    {
        var (t, n) = PhysicalTransfer(cells, wires, IrDropModel.Fast, vRef);
        ProbeCorrection.Apply(t, spec, cells, groups, solver);
        return FromPhysical(cells.Rows, map, t, cells.IsLinear ? null : n, null, vRef, readNoiseSigma);
    }

    /// <summary>Builds the core from a <see cref="TransferModel"/>, its bias-dependent terms scaled by <paramref name="correction"/>.</summary>
    public static BehavioralCore FromTransfer(TransferModel model, MappedWeights map, IrDropCorrection correction, double vRead, double readNoiseSigma)
    {
        var scaled = model.Scaled(correction);
        return FromPhysical(model.Rows, map, scaled.Linear, scaled.Cubic, scaled.Load, vRead, readNoiseSigma);
    }

    /// <summary>
    /// The core from physical-column transfers ([col * rows + row]): differenced into outputs, with the
    /// read-noise variances, and the load term kept on the physical columns when it matters at full
    /// scale (every input at <paramref name="vRead"/>).
    /// </summary>
    private static BehavioralCore FromPhysical(int m, MappedWeights map, double[] tPhys, double[]? nPhys, BitLineLoad? load,
        double vRead, double readNoiseSigma)
    {
        int outs = map.Outputs;
        var t = new double[outs * m];
        var n = nPhys is not null ? new double[outs * m] : null;
        var nv = readNoiseSigma > 0 ? new double[outs * m] : null;
        for (int o = 0; o < outs; o++)
        {
            int p = map.PlusColumn[o], q = map.MinusColumn[o];
            for (int i = 0; i < m; i++)
            {
                t[o * m + i] = tPhys[p * m + i] - tPhys[q * m + i];
                if (n is not null) n[o * m + i] = nPhys![p * m + i] - nPhys[q * m + i];
                if (nv is not null)
                    nv[o * m + i] = readNoiseSigma * readNoiseSigma * (tPhys[p * m + i] * tPhys[p * m + i] + tPhys[q * m + i] * tPhys[q * m + i]);
            }
        }
        return new BehavioralCore(m, outs, t, n, nv, load is null ? null : UsedLoad(m, map, t, load, vRead));
    }

    /// <summary>The load term restricted to the columns the outputs use, or null when it is below <see cref="LoadTolerance"/> at full scale.</summary>
    private static Load? UsedLoad(int m, MappedWeights map, double[] t, BitLineLoad load, double vRead)
    {
        var columns = map.PlusColumn.Concat(map.MinusColumn).Distinct().Order().ToArray();
        int lc = columns.Length, outs = map.Outputs;
        var b = new double[lc * m];
        var a1 = new double[lc * m];
        var a2 = new double[lc * m];
        var a3 = new double[lc];
        for (int c = 0; c < lc; c++)
        {
            int src = columns[c] * m;
            Array.Copy(load.Weights, src, b, c * m, m);
            Array.Copy(load.Square, src, a1, c * m, m);
            Array.Copy(load.Linear, src, a2, c * m, m);
            a3[c] = load.Constant[columns[c]];
        }
        var plus = map.PlusColumn.Select(j => Array.IndexOf(columns, j)).ToArray();
        var minus = map.MinusColumn.Select(j => Array.IndexOf(columns, j)).ToArray();
        var result = new Load(lc, b, a1, a2, a3, plus, minus);
        // Full scale: every row at +V_read.
        var full = new double[m];
        Array.Fill(full, vRead);
        var x = new double[lc];
        LoadCurrents(result, full, full.Select(f => f * f).ToArray(), x);
        double scale = 0, effect = 0;
        for (int o = 0; o < outs; o++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += Math.Abs(t[o * m + i]) * vRead;
            scale = Math.Max(scale, s);
            effect = Math.Max(effect, Math.Abs(x[plus[o]] - x[minus[o]]));
        }
        return effect > LoadTolerance * scale ? result : null;
    }

    /// <summary>X_l = s (A1 . v^2) + s^2 (A2 . v) + s^3 A3 with s = b . v, for every load column (<paramref name="sq"/> = v^2).</summary>
    private static void LoadCurrents(Load load, ReadOnlySpan<double> v, ReadOnlySpan<double> sq, Span<double> x)
    {
        int m = v.Length;
        for (int c = 0; c < load.Columns; c++)
            x[c] = LoadCurrent(Dot(load.B.AsSpan(c * m, m), v), Dot(load.A1.AsSpan(c * m, m), sq), Dot(load.A2.AsSpan(c * m, m), v), load.A3[c]);
    }

    private static double LoadCurrent(double s, double p1, double p2, double a3) => s * p1 + s * s * p2 + s * s * s * a3;

    /// <summary>
    /// Linear (A/V) and cubic (A/V^3) transfer of every physical column by the ladder model, [col, row]
    /// flattened (col * rows + row): T_ji = a'_ij g1_ij u_ij, N_ji = a'_ij g3_ij u_ij^3 (ideal wires for <see cref="IrDropModel.None"/>).
    /// </summary>
    public static (double[] T, double[] N) PhysicalTransfer(ICellArray cells, WireParameters wires, IrDropModel model, double vRef)
    {
        int m = cells.Rows, c = cells.Cols;
        var (g1, g3) = CellCoefficients(cells, vRef);
        double[] tPhys = new double[c * m], nPhys = new double[c * m];
        var resp = model == IrDropModel.None ? LadderIrDropModel.Ideal(m, c) : LadderIrDropModel.Solve(g1, m, c, wires);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < c; j++)
            {
                int q = i * c + j;
                double u = resp.CellBias[q], a = resp.ReachFraction[q];
                tPhys[j * m + i] = a * g1[q] * u;
                nPhys[j * m + i] = a * g3[q] * u * u * u;
            }
        return (tPhys, nPhys);
    }

    /// <summary>Per-cell g1 (S) and g3 (A/V^3), row-major rows x cols: g1 = dI/dV(0), g3 the chord through the I-V at <paramref name="vRef"/>.</summary>
    public static (double[] G1, double[] G3) CellCoefficients(ICellArray cells, double vRef)
    {
        int m = cells.Rows, c = cells.Cols;
        var g1 = new double[m * c];
        var g3 = new double[m * c];
        bool linear = cells.IsLinear;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < c; j++)
            {
                double g = cells.Conductance(i, j, 0.0);
                g1[i * c + j] = g;
                if (!linear) g3[i * c + j] = (cells.Current(i, j, vRef) - g * vRef) / (vRef * vRef * vRef);
            }
        return (g1, g3);
    }

    /// <summary>Output currents (A) for word-line voltages (V); read noise drawn from <paramref name="noise"/> (a fresh <see cref="ReadNoiseSource"/>, seeded from it, per call).</summary>
    public void Currents(ReadOnlySpan<double> v, Span<double> currents, Random? noise) =>
        ReadCurrents(v, currents, noise is null ? null : new ReadNoiseSource(noise));

    /// <summary>
    /// Output currents (A) for word-line voltages (V), read noise from <paramref name="noise"/>.
    /// An output whose noise variance is zero (every input of its row at 0 V, so no cell current)
    /// draws nothing: its current is exactly zero-mean noise-free, and skipping the draw keeps the
    /// sequence short without changing the statistics.
    /// </summary>
    public void ReadCurrents(ReadOnlySpan<double> v, Span<double> currents, ReadNoiseSource? noise)
    {
        int m = Rows;
        if (v.Length != m) throw new ArgumentException($"expected {m} word-line voltages, got {v.Length}");
        // Per-call scratch keeps Currents thread-safe (a programmed tile is shared across threads).
        Span<double> sq = m <= 2048 ? stackalloc double[m] : new double[m];
        Span<double> cube = m <= 2048 ? stackalloc double[m] : new double[m];
        bool noisy = _noiseVar is not null && noise is not null;
        if (_n is not null || noisy || _load is not null)
            for (int k = 0; k < m; k++) sq[k] = v[k] * v[k];
        if (_n is not null)
            for (int k = 0; k < m; k++) cube[k] = sq[k] * v[k];
        Span<double> x = _load is null ? default : _load.Columns <= 1024 ? stackalloc double[_load.Columns] : new double[_load.Columns];
        if (_load is not null) LoadCurrents(_load, v, sq, x);
        for (int o = 0; o < Outputs; o++)
        {
            double y = Dot(_t.AsSpan(o * m, m), v);
            if (_n is not null) y += Dot(_n.AsSpan(o * m, m), cube);
            if (_load is not null) y += x[_load.Plus[o]] - x[_load.Minus[o]];
            if (noisy)
            {
                double var = Dot(_noiseVar!.AsSpan(o * m, m), sq);
                if (var > 0) y += Math.Sqrt(var) * noise!.Next();
            }
            currents[o] = y;
        }
    }

    /// <summary>
    /// <paramref name="count"/> reads at once: <paramref name="v"/> is count x rows (V, row-major),
    /// <paramref name="currents"/> count x outputs (A). The same sums as <see cref="ReadCurrents"/> as
    /// matrix products, grouped by the power of V they take (<see cref="BatchProducts"/>):
    /// V [T; B; A2]^T, V^2 [S; A1]^T and V^3 N^T give Y = V T^T + V^3 N^T, the load term's
    /// s = V B^T, p2 = V A2^T, p1 = V^2 A1^T and the read-noise variances V^2 S^T. Read noise is drawn
    /// afterwards in sample order, output by output, skipping zero variances, so a seed gives the
    /// same deviates in the same places as sample-by-sample reads.
    /// </summary>
    /// <param name="precision">
    /// Null: <see cref="BatchPrecision.Single"/> inside <see cref="SinglePrecisionBatches"/> (the network
    /// engine's tiled layers), else <see cref="BatchPrecision.Double"/> (calibration fits and
    /// validation sweeps, whose finite differences and byte-for-byte shard comparisons need double).
    /// <see cref="BatchPrecision.Single"/> runs the products in float on the calling thread
    /// (<see cref="Xbar.Circuits.Numerics.PackedProduct"/>; <see cref="BatchPrecision.Double"/> uses
    /// OpenBLAS's dgemm) and the load term, noise and sums after them in double: per output the
    /// rounding is at most about (rows + 3) 2^-24 of sum_i |T_i v_i| + |N_i v_i^3| (Higham 2002,
    /// "Accuracy and Stability of Numerical Algorithms", eq. 3.5, with the inputs' and matrices'
    /// rounding to float), a few 1e-6 of the output range for 64 to 256 rows, far below the model's
    /// own error (about 1e-3). <see cref="BatchPrecision.Double"/> agrees with the per-sample path to
    /// about 1e-15 (the reference the single path is tested against).
    /// </param>
    public void ReadCurrentsBatch(ReadOnlySpan<double> v, int count, Span<double> currents, ReadNoiseSource? noise,
        BatchPrecision? precision = null)
    {
        precision ??= _singleBatches.Value ? BatchPrecision.Single : BatchPrecision.Double;
        int m = Rows, outs = Outputs;
        if (v.Length < count * m) throw new ArgumentException($"{count} reads need {count * m} voltages, got {v.Length}");
        if (currents.Length < count * outs) throw new ArgumentException($"{count} reads need {count * outs} outputs, got {currents.Length}");
        if (count == 0) return;
        var noisy = _noiseVar is not null && noise is not null ? noise : null;
        if (precision == BatchPrecision.Single) _products.Read(v[..(count * m)], count, currents[..(count * outs)], noisy);
        else ReadCurrentsBatchDouble(v, count, currents, noisy);
    }

    private static readonly AsyncLocal<bool> _singleBatches = new();

    /// <summary>Whether batched reads without an explicit precision run in float here (inside <see cref="SinglePrecisionBatches"/>).</summary>
    public static bool SinglePrecisionActive => _singleBatches.Value;

    /// <summary>
    /// Batched reads without an explicit precision run in float until the returned scope is disposed,
    /// on this flow and the parallel work it starts (an <see cref="AsyncLocal{T}"/>): the network
    /// engine's tiled layers (<c>TiledMatrix</c>), where a tile's output error of about 1e-3 dwarfs the
    /// float rounding.
    /// </summary>
    public static IDisposable SinglePrecisionBatches()
    {
        bool previous = _singleBatches.Value;
        _singleBatches.Value = true;
        return new PrecisionScope(previous);
    }

    private sealed class PrecisionScope(bool previous) : IDisposable
    {
        public void Dispose() => _singleBatches.Value = previous;
    }

    /// <summary>The double-precision batch: one product per matrix, as before the single path (the reference it is tested against).</summary>
    private void ReadCurrentsBatchDouble(ReadOnlySpan<double> v, int count, Span<double> currents, ReadNoiseSource? noise)
    {
        int m = Rows, outs = Outputs;
        var pool = ArrayPool<double>.Shared;
        int size = count * m;
        bool noisy = noise is not null;
        double[]? sq = null, cube = null;
        try
        {
            var vv = v[..size];
            var y = currents[..(count * outs)];
            Blas.Gemm(false, true, count, outs, m, 1.0, vv, _t, 0.0, y);
            if (_n is not null || noisy || _load is not null)
            {
                sq = pool.Rent(size);
                for (int k = 0; k < size; k++) sq[k] = vv[k] * vv[k];
            }
            if (_n is not null)
            {
                cube = pool.Rent(size);
                for (int k = 0; k < size; k++) cube[k] = sq![k] * vv[k];
                Blas.Gemm(false, true, count, outs, m, 1.0, cube.AsSpan(0, size), _n, 1.0, y);
            }
            if (_load is not null) AddLoadBatch(_load, vv, sq!.AsSpan(0, size), count, y);
            if (noisy) AddNoiseBatch(sq!.AsSpan(0, size), count, y, noise!);
        }
        finally
        {
            if (sq is not null) pool.Return(sq);
            if (cube is not null) pool.Return(cube);
        }
    }

    private void AddLoadBatch(Load load, ReadOnlySpan<double> v, ReadOnlySpan<double> sq, int count, Span<double> y)
    {
        int m = Rows, lc = load.Columns, outs = Outputs;
        var pool = ArrayPool<double>.Shared;
        double[] s = pool.Rent(count * lc), p1 = pool.Rent(count * lc), p2 = pool.Rent(count * lc);
        try
        {
            Blas.Gemm(false, true, count, lc, m, 1.0, v, load.B, 0.0, s.AsSpan(0, count * lc));
            Blas.Gemm(false, true, count, lc, m, 1.0, sq, load.A1, 0.0, p1.AsSpan(0, count * lc));
            Blas.Gemm(false, true, count, lc, m, 1.0, v, load.A2, 0.0, p2.AsSpan(0, count * lc));
            for (int r = 0; r < count; r++)
            {
                int row = r * lc;
                for (int c = 0; c < lc; c++) p1[row + c] = LoadCurrent(s[row + c], p1[row + c], p2[row + c], load.A3[c]);
                for (int o = 0; o < outs; o++) y[r * outs + o] += p1[row + load.Plus[o]] - p1[row + load.Minus[o]];
            }
        }
        finally
        {
            pool.Return(s); pool.Return(p1); pool.Return(p2);
        }
    }

    private void AddNoiseBatch(ReadOnlySpan<double> sq, int count, Span<double> y, ReadNoiseSource noise)
    {
        int m = Rows, outs = Outputs;
        var variance = ArrayPool<double>.Shared.Rent(count * outs);
        try
        {
            Blas.Gemm(false, true, count, outs, m, 1.0, sq, _noiseVar!, 0.0, variance.AsSpan(0, count * outs));
            for (int k = 0; k < count * outs; k++)
                if (variance[k] > 0) y[k] += Math.Sqrt(variance[k]) * noise.Next();
        }
        finally
        {
            ArrayPool<double>.Shared.Return(variance);
        }
    }

    /// <summary>Dot product: a plain loop for tile rows of a few cells (where SIMD set-up costs more than it saves), SIMD beyond.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length > 16) return TensorPrimitives.Dot(a, b);
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }
}
