using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The linearised crossbar (cell conductances G and cell current offsets) and its exact solve.
/// Unknowns are word-line voltages W and bit-line voltages B, both stored column-major
/// (index j*m + i). The nodal equations are
///   T_W W - G∘B = bW + driver terms,    T_B B - G∘W = bB,
/// where T_W (one tridiagonal per word line: wire conductances, driver, cells) and T_B (one per
/// bit line: wire, termination, cells) are symmetric positive definite. Eliminating W gives the
/// Schur complement S = T_B - G T_W^{-1} G on the bit lines alone, which is SPD and is solved by
/// conjugate gradients preconditioned with the bit-line tridiagonals T_B. For this two-cyclic
/// structure that halves the iterations of block-Jacobi-preconditioned CG on the whole system.
/// When the word lines are stiff against the cells over the array (N sqrt(G r) above 1), a
/// coarse space along the word lines (<see cref="WordLineCoarseSpace"/>) joins the bit-line solves
/// in a two-level preconditioner, which keeps the iteration count nearly flat in N.
/// </summary>
/// <remarks>
/// With resistive word and bit lines (the usual case) one CG iteration is three passes over the
/// arrays, each fusing what would otherwise be separate sweeps (the solver is memory-bound):
/// (A, <c>WordLines.cs</c>) the search-direction update, the word-line solve u = T_W^{-1}(G∘p) and
/// p·Sp, row blocks at a time, vectorised over rows; (B1, <c>BitLines.cs</c>) the residual and
/// solution updates with the restriction to the coarse space; (B2) the bit-line preconditioner,
/// four bit lines at a time with their Thomas recurrences running side by side in one vector
/// register. Without a coarse space B1 and B2 are one pass. Zero-resistance lines take the
/// simpler path of <c>CollapsedLines.cs</c>. docs/solver.md gives the measured effect.
/// </remarks>
internal sealed partial class CrossbarLinearSystem
{
    /// <summary>
    /// Rows per block of the word-line sweeps, whose backward half then reads the block's forward
    /// results from cache. Measured at 1024 x 1024: 64 rows beat 32 (pass A 25 % slower: shorter
    /// contiguous runs per column) and whole columns (20 % slower: the backward sweep from memory).
    /// </summary>
    private const int RowBlock = 64;


    private readonly int _m, _n, _size;
    private readonly double _gW, _gD, _gB, _gT;
    private readonly bool _rowCollapsed, _colCollapsed, _driverIdeal, _resistive, _twoLevel;
    private readonly bool _simd;                // AVX2 + FMA kernels (else the scalar loops, as on other machines)
    private readonly ChunkedLoop _loop;
    private readonly int _rowChunks, _colChunks;

    /// <summary>Cell conductances (S).</summary>
    public readonly double[] G;
    private double[]? _bw, _bb;

    private readonly double[]?[] _pivotPool = new double[ChunkedLoop.MaxChunks][]; // word-line pivot buffers of one row block (RentPivots)
    private float[]? _hCol;                     // bit-line gB / pivot, four columns interleaved (see HIndex)
    private readonly double[] _r;               // residual
    private double[] _u;                        // word-line solve, then G∘(p - u) (pass A): the caller's W array during a resistive solve
    private readonly float[] _z, _p;              // preconditioned residual (before the coarse correction), search direction
    private double[]? _f;                       // right-hand side (warm starts only)
    private readonly double[] _partials = new double[ChunkedLoop.MaxChunks];
    private readonly double[] _pEdge;           // p on the first row of each row chunk (for the bit-wire terms of p·T_B p)
    private readonly int[] _rowStarts;          // first row of row chunks 1 .. chunks-1
    private readonly double[][] _groupScratch;  // one 4m buffer per chunk for the interleaved bit-line sweeps

    private WordLineCoarseSpace? _coarse;
    private bool _coarseChecked;
    private double[]? _c, _cm, _xc, _c2, _cc;   // coarse vectors, [b*m + i]
    private double[][]? _cParts;                // per column chunk, for restrictions run in parallel

    public CrossbarLinearSystem(int m, int n, double rWord, double rBit, double rDriver, double gTermination,
        bool parallel, bool twoLevel = true, bool scalarKernels = false)
    {
        _twoLevel = twoLevel;
        _simd = SimdAvailable && !scalarKernels;
        _m = m; _n = n; _size = m * n;
        _rowCollapsed = rWord == 0;
        _colCollapsed = rBit == 0;
        _resistive = !_rowCollapsed && !_colCollapsed;
        _gW = _rowCollapsed ? 0 : 1.0 / rWord;
        _driverIdeal = rDriver == 0;
        _gD = _driverIdeal ? double.PositiveInfinity : 1.0 / rDriver;
        _gB = _colCollapsed ? 0 : 1.0 / rBit;
        _gT = gTermination;
        BitLinesGrounded = _colCollapsed && double.IsPositiveInfinity(gTermination);
        _loop = new ChunkedLoop(parallel);
        _rowChunks = ChunkedLoop.ChunkCount(m, _size, 4);
        _colChunks = ChunkedLoop.ChunkCount(n, _size, 4);
        G = new double[_size];
        _r = new double[_size];
        _z = new float[_size];
        _p = new float[_size];
        _u = null!; // the solve's own W array (SolveResistive) or, for collapsed lines, InitCollapsed's
        _pEdge = new double[Math.Max(0, _rowChunks - 1) * n];
        _rowStarts = new int[Math.Max(0, _rowChunks - 1)];
        for (int c = 1; c < _rowChunks; c++) _rowStarts[c - 1] = ChunkedLoop.Start(m, _rowChunks, c, 4);
        _groupScratch = new double[Math.Max(_colChunks, _rowChunks)][];
        for (int c = 0; c < _groupScratch.Length; c++) _groupScratch[c] = new double[Math.Max(4 * m, RowBlock)];
        if (!_resistive) InitCollapsed();
    }

    /// <summary>
    /// Current injected into word-line nodes (A): the Newton companion offsets (zero until first
    /// written). Created on first use, thread-safely: the stamp's parallel chunks ask for it at once
    /// (a plain ??= let each create its own array, and the loser's part of the stamp was lost).
    /// </summary>
    public double[] BW => Volatile.Read(ref _bw) ?? Publish(ref _bw);

    /// <summary>Current injected into bit-line nodes (A), created as <see cref="BW"/>.</summary>
    public double[] BB => Volatile.Read(ref _bb) ?? Publish(ref _bb);

    /// <summary>A zero array in <paramref name="field"/> unless another thread put one there first; that array.</summary>
    private double[] Publish(ref double[]? field)
    {
        Interlocked.CompareExchange(ref field, new double[_size], null);
        return field!;
    }

    /// <summary>Hat functions in the coarse space (0: none, the bit-line preconditioner alone).</summary>
    public int CoarseSize => _coarse?.Size ?? 0;

    /// <summary>True when every bit-line node is held at 0 V (no bit-line resistance, virtual ground).</summary>
    public bool BitLinesGrounded { get; }

    /// <summary>True when the vector kernels (AVX2 and FMA) can run on this machine.</summary>
    internal static bool SimdAvailable => Fma.IsSupported && Avx2.IsSupported;

    private bool Simd => _simd;

    /// <summary>
    /// Factors the bit lines' tridiagonals (and the coarse operator) for the current <see cref="G"/>.
    /// The word lines, part of the exact operator S, take no pass here: every sweep recomputes their
    /// pivots from the current G. With <paramref name="preconditioner"/> false nothing is refactored
    /// once a factorisation exists: the bit-line solves and the coarse space of the last full
    /// factorisation remain as the preconditioner (still SPD, so CG stays exact, only its rate
    /// depends on how far G has moved). Newton steps near convergence change G by little.
    /// </summary>
    /// <param name="preconditioner">False: keep the preconditioner of the last full factorisation.</param>
    /// <param name="fill">When given, writes the columns [j0, j1) of <see cref="G"/> first: the bit-line
    /// factorisation then reads each chunk's columns from cache, in the same pass.</param>
    public void Factor(bool preconditioner = true, Action<int, int>? fill = null)
    {
        // The word lines, part of the exact operator, need no pass here: their pivots are recomputed
        // in every sweep from the current G (WordLinePivots).
        if (!_resistive || (!preconditioner && _hCol is not null))
        {
            if (fill is not null) _loop.Run(_n, _size, (_, j0, j1) => fill(j0, j1), 4);
            if (!_resistive) FactorCollapsed();
            return;
        }
        _hCol ??= new float[_size];
        _loop.Run(_n, _size, (_, j0, j1) =>
        {
            fill?.Invoke(j0, j1);
            FactorBitLines(j0, j1);
        }, 4);
        if (!_coarseChecked)
        {
            // The coarse space's size follows the mean cell conductance of the first factorisation
            // (Newton steps change it by a few per cent at most).
            _coarse = _twoLevel ? WordLineCoarseSpace.Create(_m, _n, Sum(G) / _size, _gW, _gD, _gB, _gT) : null;
            if (_coarse is not null)
            {
                int size = _coarse.Size * _m;
                _c = new double[size]; _cm = new double[size]; _xc = new double[size]; _c2 = new double[size]; _cc = new double[size];
                _cParts = new double[_colChunks][];
                for (int c = 0; c < _colChunks; c++) _cParts[c] = _colChunks == 1 ? _c : new double[size];
            }
            _coarseChecked = true;
        }
        // On a second core when the passes run in parallel: the coarse factors are next used at the
        // end of the first preconditioning, after the first word-line solve, the right-hand side
        // and the first bit-line solves.
        if (_coarse is null) return;
        if (_loop.RunsInParallel(_size)) _coarse.FactorInBackground(G);
        else _coarse.Factor(G);
    }

    /// <summary>
    /// Solves the linearised system for driver voltages <paramref name="va"/>: on entry
    /// <paramref name="b"/> holds the warm start of the bit-line voltages (or zeros); on exit W and B.
    /// <paramref name="zeroStart"/> says that b is a fresh array of zeros: it is then not scanned for
    /// a warm start (a pass over 8 MB at 1024 x 1024; an all-zero warm start gives the same result).
    /// Returns the number of CG iterations.
    /// </summary>
    public int Solve(double[] va, double[] w, double[] b, double tolerance, int maxIterations, bool zeroStart = false) =>
        _resistive ? SolveResistive(va, w, b, tolerance, maxIterations, zeroStart) : SolveCollapsed(va, w, b, tolerance, maxIterations);

    private int SolveResistive(double[] va, double[] w, double[] b, double tolerance, int maxIterations, bool zeroStart)
    {
        // W0 = T_W^{-1}(bW + drivers) goes into w for now; f = bB + G∘W0. After that w is free until
        // the last word-line solve, so it holds the iteration's word-line vector u: one array of the
        // solve's size fewer to take fresh from the system (8 MB at 1024 x 1024).
        // A fresh b is first written by the first CG update, in parallel column chunks: there its
        // page faults took 9-30 ms at 1024 x 1024 (8 MB), against 1.2 ms for the same pass once the
        // pages exist and 3.5-4 ms to fault them from one thread (eighth pass; cause not known). So
        // a pool thread writes one zero per page while the word-line solve and the right-hand side run.
        var faultB = zeroStart && _loop.RunsInParallel(_size) ? BackgroundWork.Start(() => TouchPages(b)) : null;
        SolveWordLines(null, va, w);
        _u = w;
        bool warm = !zeroStart && AnyNonZero(b);
        var f = warm ? _f ??= new double[_size] : _r;
        // Reference norm f·M^{-1}f, and r = f - S b. With a coarse space, f is restricted chunk by
        // chunk as it is formed, while the chunk's part is in cache (f is elementwise, so the same).
        double fMf;
        if (_coarse is null)
        {
            _loop.Run(_n, _size, (_, j0, j1) => RightHandSide(w, f, j0, j1));
            fMf = Precondition(f);
        }
        else
        {
            _loop.Run(_n, _size, (c, j0, j1) =>
            {
                RightHandSide(w, f, j0, j1);
                RestrictColumns(f, c, j0, j1);
            }, 4);
            fMf = CoarseCorrected(f);
        }
        double rz = fMf;
        faultB?.Wait();
        if (!(fMf > 0))
        {
            Array.Clear(b);
            SolveWordLines(b, va, w);
            return 0;
        }
        if (warm)
        {
            SolveWordLines(b, null, _u, homogeneous: true);
            _loop.Run(_n, _size, (_, j0, j1) => ResidualOfWarmStart(b, j0, j1), 4);
            rz = Precondition(_r);
        }
        double beta = 0, tol2 = tolerance * tolerance * fMf;
        int it = 0;
        while (rz > tol2 && it < maxIterations)
        {
            bool first = it == 0;
            it++;
            double pq = SumChunks(_rowChunks, _m, (c, i0, i1) => DirectionRows(c, i0, i1, beta, first));
            double alpha = rz / pq;
            double rzNew;
            if (_coarse is null)
                rzNew = SumChunks(_colChunks, _n, (c, j0, j1) => PreconditionColumns(_r, c, j0, j1, b, alpha));
            else
            {
                _loop.Run(_n, _size, (c, j0, j1) => UpdateColumns(b, alpha, c, j0, j1), 4);
                rzNew = CoarseCorrected(_r);
            }
            beta = rzNew / rz;
            rz = rzNew;
        }
        if (rz > tol2)
            throw new NodalSolverException(
                $"nodal solver: conjugate gradients did not reach relative residual {tolerance:g3} in {maxIterations} iterations (reached {Math.Sqrt(rz / fMf):g3})");
        SolveWordLines(b, va, w);
        return it;
    }

    /// <summary>
    /// z = M^{-1} src with the (two-level) preconditioner, as z_raw in <see cref="_z"/> plus the coarse
    /// correction Z cc (<see cref="_cc"/>) that the next direction update adds; returns src·z.
    /// </summary>
    private double Precondition(double[] src)
    {
        if (_coarse is null) return SumChunks(_colChunks, _n, (c, j0, j1) => PreconditionColumns(src, c, j0, j1, null, 0));
        _loop.Run(_n, _size, (c, j0, j1) => RestrictColumns(src, c, j0, j1), 4);
        return CoarseCorrected(src);
    }

    /// <summary>
    /// The two-level preconditioner z = Q T_B^{-1} Q src + Z A_c^{-1} Z^T src once c = Z^T src is
    /// summed over chunks (Q = I - Z M^{-1} Z^T, see <see cref="WordLineCoarseSpace"/>): z_raw =
    /// T_B^{-1} Q src, then cc = A_c^{-1} c - M^{-1} Z^T z_raw, so z = z_raw + Z cc and
    /// src·z = src·z_raw + c·cc.
    /// </summary>
    private double CoarseCorrected(double[] src)
    {
        var coarse = _coarse!;
        SumParts(_c!);
        coarse.Prepare(_c!, _cm!);
        double rz = SumChunks(_colChunks, _n, (c, j0, j1) => PreconditionColumns(src, c, j0, j1, null, 0));
        SumParts(_c2!);
        return rz + coarse.Finish(_c!, _xc!, _c2!, _cc!);
    }

    /// <summary>Adds the per-chunk restrictions (each over the hats its columns touch) into <paramref name="target"/> in chunk order.</summary>
    private void SumParts(double[] target)
    {
        if (_colChunks == 1) return; // the only chunk wrote into the target itself
        int m = _m;
        Array.Clear(target);
        for (int c = 0; c < _colChunks; c++)
        {
            var (lo, hi) = HatRange(c);
            VectorOps.AddScaled(_cParts![c], lo * m, 1.0, target, lo * m, (hi - lo + 1) * m);
        }
    }

    /// <summary>The restriction buffer of column chunk <paramref name="chunk"/> for <paramref name="target"/> (c or c2), its touched hats cleared.</summary>
    private double[] Part(int chunk, double[] target)
    {
        if (_colChunks == 1)
        {
            Array.Clear(target);
            return target;
        }
        var part = _cParts![chunk];
        var (lo, hi) = HatRange(chunk);
        Array.Clear(part, lo * _m, (hi - lo + 1) * _m);
        return part;
    }

    /// <summary>The hats (first, last) that the columns of chunk <paramref name="chunk"/> touch.</summary>
    private (int Lo, int Hi) HatRange(int chunk)
    {
        int j0 = ChunkedLoop.Start(_n, _colChunks, chunk, 4), j1 = ChunkedLoop.Start(_n, _colChunks, chunk + 1, 4);
        var node = _coarse!.Node;
        return (node[j0], node[j1 - 1] + 1);
    }

    /// <summary>Sums body(chunk, start, end) over the chunks of a range of <paramref name="count"/> (four-aligned), in chunk order.</summary>
    private double SumChunks(int chunks, int count, Func<int, int, int, double> body)
    {
        var partials = _partials;
        _loop.Run(count, _size, (c, a, e) => partials[c] = body(c, a, e), 4);
        double s = 0;
        for (int c = 0; c < chunks; c++) s += partials[c];
        return s;
    }

    private static double Sum(double[] x) => VectorOps.Sum(x);

    /// <summary>Writes a zero into every 4 KiB page of <paramref name="x"/>, an array of zeros (so its values do not change).</summary>
    [MethodImpl(HotPath.Options)]
    private static void TouchPages(double[] x)
    {
        for (int k = 0; k < x.Length; k += 512) x[k] = 0;
    }

    [MethodImpl(HotPath.Options)]
    private static bool AnyNonZero(double[] x)
    {
        foreach (double v in x)
            if (v != 0) return true;
        return false;
    }
}
