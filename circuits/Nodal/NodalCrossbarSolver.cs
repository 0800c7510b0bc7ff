using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;
using Xbar.Devices.Linear;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// Exact DC solver for a resistive crossbar with wire resistance (IR drop), the same circuit
/// <see cref="CrossbarNetlistBuilder"/> writes for ngspice. Linear cells are solved directly;
/// bias-dependent cells by Newton-Raphson (each cell stamped as its small-signal conductance
/// g = dI/dV, floored at gmin, plus the current source I - g V, as SPICE does), until the
/// Kirchhoff current-law residual is below <see cref="NodalSolverOptions.ResidualTolerance"/>.
/// Every linear solve is the Schur-complement conjugate gradient of <see cref="CrossbarLinearSystem"/>,
/// preconditioned by bit-line solves and, on large or strongly IR-dropped arrays, a coarse space
/// along the word lines (<see cref="NodalSolverOptions.Preconditioner"/>). Many reads of one array:
/// <see cref="Program"/>; exact transfer matrices of linear arrays: <see cref="TransferMatrix"/>.
/// See docs/solver.md.
/// </summary>
/// <remarks>Thread-safe: every call works on its own buffers.</remarks>
public sealed class NodalCrossbarSolver
{
    public NodalCrossbarSolver(NodalSolverOptions? options = null) => Options = options ?? NodalSolverOptions.Default;

    public NodalSolverOptions Options { get; }

    /// <summary>
    /// Solves the crossbar for one vector of word-line source voltages (V, one per row).
    /// <paramref name="warmStart"/>, a solution of the same array for a nearby input, seeds the iterations.
    /// </summary>
    public CrossbarSolution Solve(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double> wordLineVoltages,
        CrossbarSolution? warmStart = null)
    {
        var session = new Session(this, spec, cells);
        return session.Solve(wordLineVoltages, warmStart);
    }

    /// <summary>
    /// Solves many input vectors on one programmed array, reusing the buffers, the factorisation
    /// (linear cells) and each previous solution as the next warm start.
    /// </summary>
    public IReadOnlyList<CrossbarSolution> SolveBatch(CrossbarSpec spec, ICellArray cells,
        IReadOnlyList<IReadOnlyList<double>> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var session = new Session(this, spec, cells);
        var results = new CrossbarSolution[inputs.Count];
        CrossbarSolution? previous = null;
        for (int v = 0; v < inputs.Count; v++)
            previous = results[v] = session.Solve(inputs[v], previous);
        return results;
    }

    /// <summary>
    /// A programmed array for many reads: keeps the factorised sessions and, for linear cells, the
    /// transfer matrix once the reads pay for it (<see cref="ProgrammedCrossbar"/>).
    /// </summary>
    public ProgrammedCrossbar Program(CrossbarSpec spec, ICellArray cells) => new(this, spec, cells);

    /// <summary>
    /// Column currents (A, vectors x cols) for many input vectors (V, vectors x rows) on one programmed
    /// array: a product with the exact transfer matrix for linear cells and large batches, per-vector
    /// solves otherwise (see <see cref="ProgrammedCrossbar.ColumnCurrents(double[,])"/>).
    /// </summary>
    public double[,] ColumnCurrents(CrossbarSpec spec, ICellArray cells, double[,] inputs) =>
        Program(spec, cells).ColumnCurrents(inputs);

    /// <summary>
    /// The exact transfer matrix T (cols x rows, in S) of a crossbar of linear cells:
    /// column currents I = T V for any word-line voltages V. With resistive word and bit lines it
    /// comes from one block elimination carrying every input at once (<see cref="BlockTransferMatrix"/>,
    /// BLAS-bound, about the cost of a few dozen solves at 256x256); with a zero-resistance line kind,
    /// column r of T is the solve for the unit input on row r, rows solved in parallel.
    /// </summary>
    public double[,] TransferMatrix(CrossbarSpec spec, ICellArray cells)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        if (!cells.IsLinear)
            throw new InvalidInputException("a transfer matrix is exact only for linear cells; use SolveBatch for bias-dependent cells");
        if (BlockTransferMatrix.Applies(spec))
        {
            var seen = new CrossbarNodes(spec).CellsAsSeen(cells);
            return BlockTransferMatrix.Compute(spec, (i, j) => seen.Conductance(i, j, 0.0));
        }
        int m = spec.Rows, n = spec.Cols;
        var t = new double[n, m];
        var serial = this.Options.Parallel ? new NodalCrossbarSolver(Options with { Parallel = false }) : this;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Options.Parallel ? Environment.ProcessorCount : 1 };
        Parallel.For(0, m, options, () => new Session(serial, spec, cells), (r, _, session) =>
        {
            var input = new double[m];
            input[r] = 1.0;
            var s = session.Solve(input, null);
            for (int j = 0; j < n; j++) t[j, r] = s.ColumnCurrents[j];
            return session;
        }, _ => { });
        return t;
    }

    /// <summary>
    /// How an array of linear cells responds to each row driven alone, and (through the result's
    /// <see cref="Nodal.RowResponses.ReplaceRows"/>) to each row driven alone with its cells replaced:
    /// the 2m + 1 nodal solves of the behavioral tile's transfer model. <see cref="RowResponseMethod.Auto"/>
    /// runs them batched, one per SIMD lane (<see cref="LaneRowResponses"/>), where both line kinds are
    /// resistive, and one at a time (<see cref="SolvedRowResponses"/>) otherwise; both to this solver's tolerance.
    /// </summary>
    public RowResponses RowResponses(CrossbarSpec spec, ICellArray cells, RowResponseMethod method = RowResponseMethod.Auto)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        if (!cells.IsLinear)
            throw new InvalidInputException("row responses are for linear cells (linearize a bias-dependent array first)");
        return method switch
        {
            RowResponseMethod.RowSolves => SolvedRowResponses.Solve(this, spec, cells),
            RowResponseMethod.Batched => LaneRowResponses.Applies(spec)
                ? LaneRowResponses.Compute(Options, spec, cells) : throw new ArgumentException("the batched solves need resistive word and bit lines"),
            _ => LaneRowResponses.Applies(spec) ? LaneRowResponses.Compute(Options, spec, cells) : SolvedRowResponses.Solve(this, spec, cells),
        };
    }

    /// <summary>The buffers and (for linear cells) the factorisation for one programmed array.</summary>
    internal sealed class Session
    {
        private readonly NodalSolverOptions _o;
        private readonly CrossbarSpec _spec;
        private readonly ICellArray _cells;
        private readonly CrossbarLinearSystem _sys;
        private readonly ChunkedLoop _loop;
        private readonly int _m, _n;
        private readonly double _gW, _gD, _gB, _gT;
        private readonly KirchhoffCheck _kcl;
        /// <summary>Rows and columns of the cache tiles of <see cref="ForTileRows"/>.</summary>
        private const int TileSize = 64;
        private double[]? _current; // cell currents of Newton's last evaluation (bias-dependent cells only)
        private bool _linearFactored;

        public Session(NodalCrossbarSolver owner, CrossbarSpec spec, ICellArray cells)
        {
            ArgumentNullException.ThrowIfNull(spec);
            spec.CheckShape(cells);
            _o = owner.Options;
            _spec = spec;
            _cells = new CrossbarNodes(spec).CellsAsSeen(cells);
            _m = spec.Rows; _n = spec.Cols;
            double rBit = spec.BitLineSegmentResistance;
            _gT = spec.Termination == ColumnTermination.LoadResistor
                ? 1.0 / (rBit + spec.LoadResistance)
                : rBit > 0 ? 1.0 / rBit : double.PositiveInfinity;
            _gW = spec.WordLineSegmentResistance > 0 ? 1.0 / spec.WordLineSegmentResistance : double.PositiveInfinity;
            _gD = spec.DriverResistance > 0 ? 1.0 / spec.DriverResistance : double.PositiveInfinity;
            _gB = rBit > 0 ? 1.0 / rBit : double.PositiveInfinity;
            _sys = new CrossbarLinearSystem(_m, _n, spec.WordLineSegmentResistance, rBit, spec.DriverResistance, _gT, _o.Parallel,
                _o.Preconditioner == NodalPreconditioner.TwoLevel, _o.ScalarKernels);
            _loop = new ChunkedLoop(_o.Parallel);
            _kcl = new KirchhoffCheck(_m, _n, _gW, _gD, _gB, _gT, _o.ScalarKernels);
        }

        [MethodImpl(HotPath.Options)]
        public CrossbarSolution Solve(IReadOnlyList<double> inputs, CrossbarSolution? warm)
        {
            // A copy of an array without LINQ (generic code the first call of a ReadyToRun build would compile).
            var va = inputs is double[] given ? (double[])given.Clone() : inputs.ToArray();
            _spec.CheckInputs(va);
            int m = _m, n = _n, size = m * n;
            var w = new double[size];
            var b = new double[size];
            bool warmStarted = warm is not null && warm.Rows == m && warm.Cols == n;
            if (warmStarted)
            {
                Array.Copy(warm.RawWordLine, w, size);
                Array.Copy(warm.RawBitLine, b, size);
                // Nodes held by ideal drivers take this input's voltages: otherwise Newton's first KCL
                // check skips them and sees the previous input's converged residual, and its forcing
                // term asks the first step for the full linear tolerance.
                if (!_cells.IsLinear && double.IsPositiveInfinity(_gD))
                    for (int j = 0; j < (double.IsPositiveInfinity(_gW) ? n : 1); j++)
                        Array.Copy(va, 0, w, j * m, m);
            }
            else if (!_cells.IsLinear)
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) w[j * m + i] = va[i];

            int newton = 0, linearIterations = 0;
            double residual;
            var columns = new double[n];
            if (_cells.IsLinear)
            {
                if (!_linearFactored)
                {
                    _sys.Factor(fill: FillConductances);
                    _linearFactored = true;
                }
                linearIterations = _sys.Solve(va, w, b, _o.LinearTolerance, _o.MaxLinearIterations, zeroStart: !warmStarted);
                newton = 1;
                residual = _kcl.Residual(va, w, b, _sys.G, null, columns);
            }
            else
            {
                double vScale = 0;
                foreach (double v in va) vScale = Math.Max(vScale, Math.Abs(v));
                double lastStep = double.PositiveInfinity, previousStep = double.PositiveInfinity;
                bool lastSolveFull = false; // the last linear solve went to LinearTolerance (not a looser forcing term)
                // A Newton step below what the linear solves resolve (1 % of their tolerance) changes
                // nothing more: with a loose CG tolerance the KCL residual stalls above ResidualTolerance
                // and a further step would only repeat the last residual.
                double stepTolerance = Math.Max(_o.VoltageTolerance, 0.01 * _o.LinearTolerance) * Math.Max(vScale, 1e-300);
                var wOld = new double[size];
                var bOld = new double[size];
                _current ??= new double[size];
                while (true)
                {
                    Stamp(w, b);
                    residual = _kcl.Residual(va, w, b, _sys.G, _current, columns);
                    if (newton > 0 && (residual <= _o.ResidualTolerance || lastStep <= stepTolerance
                        || (lastSolveFull && NextStepNegligible(lastStep, previousStep, stepTolerance))))
                        break;
                    if (newton >= _o.MaxNewtonIterations)
                        throw new NodalSolverException(
                            $"nodal solver: Newton did not converge in {_o.MaxNewtonIterations} iterations (relative KCL residual {residual:g3})");
                    // Only the first step factors the preconditioner (see Factor); later steps keep it.
                    // The cells' conductances then differ from the first linearisation by the bias
                    // dependence across the IR drop (some per cent), which costs CG nothing measurable:
                    // 9 iterations in all at 256x256 and 10 at 1024x1024, as when the second step refactored it.
                    _sys.Factor(preconditioner: newton < 1);
                    Array.Copy(w, wOld, size);
                    Array.Copy(b, bOld, size);
                    // Inexact Newton: Newton's next error is about the square of its present one, so
                    // the linear solve need only be that accurate (forcing term = residual^2; with a tenth of
                    // it, as before, the standard problem took one CG iteration more at 128-1024 for the
                    // same Newton steps and residual).
                    double eta = Math.Max(_o.LinearTolerance, Math.Min(1e-4, residual * residual));
                    linearIterations += _sys.Solve(va, w, b, eta, _o.MaxLinearIterations);
                    lastSolveFull = eta <= _o.LinearTolerance;
                    newton++;
                    double step = 0;
                    for (int k = 0; k < size; k++)
                        step = Math.Max(step, Math.Max(Math.Abs(w[k] - wOld[k]), Math.Abs(b[k] - bOld[k])));
                    previousStep = lastStep;
                    lastStep = step;
                }
            }
            return new CrossbarSolution(m, n, va, w, b, columns, newton, linearIterations, residual, _spec.DifferentialColumns)
            {
                CoarseSize = _sys.CoarseSize,
            };
        }

        /// <summary>
        /// True when Newton converges quadratically (two steps taken, the last at most 1 % of the one before) and
        /// the step it predicts next, C last^2 with C = last / previous^2 from the last two steps, is
        /// within <paramref name="tolerance"/>: that step would only repeat the last solve's result.
        /// At 256 x 256 (standard problem, CG to 1e-9) steps of 0.17 V, 7.1 mV, 2.5 uV were followed
        /// by 2.2e-13 V, predicted 3.1e-13 V, against a tolerance of 2e-12 V; stopping there saves a
        /// stamp and a solve whose CG took no iteration.
        /// </summary>
        private static bool NextStepNegligible(double last, double previous, double tolerance)
        {
            double ratio = last / previous;
            return double.IsFinite(previous) && ratio <= 0.01 && last * ratio * ratio <= tolerance;
        }

        /// <summary>
        /// Columns [j0, j1) of G from the cells' low-bias conductances (linear cells), an ohmic array
        /// read directly; called by <see cref="CrossbarLinearSystem.Factor"/> chunk by chunk.
        /// </summary>
        private void FillConductances(int j0, int j1)
        {
            var g = _sys.G;
            if (_cells is LinearCellArray ohmic) CopyTiles(ohmic, g, j0, j1);
            else ForTiles(j0, j1, (i, j, k) => g[k] = _cells.Conductance(i, j, 0.0));
        }

        /// <summary>
        /// Row-major conductances into the column-major G for columns [j0, j1), in <see cref="ForTileRows"/>'s
        /// cache tiles so that both sides stay in cache, one call per tile row (not per cell: at
        /// 1024 x 1024 the per-cell calls took 28 ms, a sixth of the solve).
        /// </summary>
        private void CopyTiles(LinearCellArray cells, double[] g, int j0, int j1)
        {
            int m = _m;
            ForTileRows(j0, j1, (i, jb, je) => cells.CopyRow(i, jb, je, g, (long)jb * m + i, m));
        }

        /// <summary>
        /// Evaluates every cell at the present voltages and stamps its Newton companion model: in one
        /// pass over the columns when the array has a column-major layout (<see cref="ICellArray.ColumnMajor"/>),
        /// else one tile row of cells per <see cref="ICellArray.EvaluateRow"/> call (not two calls per cell).
        /// </summary>
        private void Stamp(double[] w, double[] b)
        {
            if (_cells.ColumnMajor is { } columns)
                _loop.Run(_n, (long)_m * _n, (_, j0, j1) => StampColumns(columns, j0 * _m, j1 * _m, w, b));
            else
                _loop.Run(_n, (long)_m * _n, (_, j0, j1) => ForTileRows(j0, j1, (i, jb, je) => StampRow(i, jb, je, w, b)));
        }

        /// <summary>
        /// Cells k0 .. k1 - 1 (column-major) for <see cref="Stamp"/>, in blocks of <see cref="StampBlock"/>:
        /// each evaluated straight into the current and conductance arrays and stamped while it is in
        /// the first-level cache. At 256 x 256 the row-by-row gather and scatter of <see cref="StampRow"/>
        /// took three quarters of a stamp (0.6 ms).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private void StampColumns(IColumnMajorCells columns, int k0, int k1, double[] w, double[] b)
        {
            for (int kb = k0; kb < k1; kb += StampBlock)
            {
                int ke = Math.Min(k1, kb + StampBlock);
                columns.Evaluate(kb, ke, w, b, _current!, _sys.G);
                StampBlockOf(kb, ke, w, b);
            }
        }

        /// <summary>Cells per block of <see cref="StampColumns"/>: the seven arrays of a block (14 KiB) stay in the first-level cache (32 KiB per core here).</summary>
        private const int StampBlock = 256;

        /// <summary>
        /// The Newton companion model of cells k0 .. k1 - 1 from their evaluated currents and
        /// conductances: G = max(dI/dV, gmin), and the offset current I - G V into the word- and
        /// bit-line nodes.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private unsafe void StampBlockOf(int k0, int k1, double[] wArray, double[] bArray)
        {
            double[] gArray = _sys.G, cur = _current!;
            double gmin = _o.Gmin;
            // Any infinite or NaN current or conductance makes this sum NaN (x * 0); the cell is then
            // found and named below.
            double poison = 0;
            fixed (double* w = wArray, b = bArray, g = gArray, c = cur, bw = _sys.BW, bb = _sys.BB)
            {
                int k = k0;
                if (CrossbarLinearSystem.SimdAvailable && !_o.ScalarKernels)
                {
                    var gminV = Vector256.Create(gmin);
                    var sign = Vector256.Create(-0.0);
                    var poisonV = Vector256<double>.Zero;
                    for (; k + 4 <= k1; k += 4)
                    {
                        var c0 = Avx.LoadVector256(c + k);
                        var g0 = Avx.LoadVector256(g + k);
                        poisonV = Avx.Add(poisonV, Avx.Multiply(Avx.Add(c0, g0), Vector256<double>.Zero));
                        var gc = Avx.Max(g0, gminV);
                        // No fused multiply-add: the same roundings as the scalar loop and StampRow.
                        var offset = Avx.Subtract(c0, Avx.Multiply(gc, Avx.Subtract(Avx.LoadVector256(w + k), Avx.LoadVector256(b + k))));
                        Avx.Store(g + k, gc);
                        Avx.Store(bw + k, Avx.Xor(offset, sign));
                        Avx.Store(bb + k, offset);
                    }
                    poison = (poisonV.GetElement(0) + poisonV.GetElement(1)) + (poisonV.GetElement(2) + poisonV.GetElement(3));
                }
                for (; k < k1; k++)
                {
                    double c0 = c[k], gc = Math.Max(g[k], gmin);
                    poison += (c0 + g[k]) * 0;
                    double offset = c0 - gc * (w[k] - b[k]);
                    g[k] = gc;
                    bw[k] = -offset;
                    bb[k] = offset;
                }
            }
            if (double.IsNaN(poison))
                for (int k = k0; k < k1; k++)
                    if (!double.IsFinite(cur[k]) || !double.IsFinite(gArray[k]))
                        throw new NodalSolverException($"nodal solver: cell ({k % _m},{k / _m}) gave a non-finite current or conductance at {wArray[k] - bArray[k]} V");
        }

        /// <summary>Row i's cells of columns [jb, je) (at most <see cref="TileSize"/>) for <see cref="Stamp"/>.</summary>
        [MethodImpl(HotPath.Options)]
        private void StampRow(int i, int jb, int je, double[] w, double[] b)
        {
            int m = _m, count = je - jb;
            double gmin = _o.Gmin;
            double[] g = _sys.G, bw = _sys.BW, bb = _sys.BB, cur = _current!;
            Span<double> v = stackalloc double[TileSize], current = stackalloc double[TileSize], conductance = stackalloc double[TileSize];
            v = v[..count];
            for (int t = 0; t < count; t++)
            {
                int k = (jb + t) * m + i;
                v[t] = w[k] - b[k];
            }
            _cells.EvaluateRow(i, jb, v, current, conductance);
            for (int t = 0; t < count; t++)
            {
                int k = (jb + t) * m + i;
                double c0 = current[t], gc = Math.Max(conductance[t], gmin);
                if (!double.IsFinite(c0) || !double.IsFinite(gc))
                    throw new NodalSolverException($"nodal solver: cell ({i},{jb + t}) gave a non-finite current or conductance at {v[t]} V");
                cur[k] = c0;
                double c = c0 - gc * v[t];
                g[k] = gc;
                bw[k] = -c;
                bb[k] = c;
            }
        }

        /// <summary>Visits cells (i, j, k = j*m + i) of columns [j0, j1) in the order of <see cref="ForTileRows"/>.</summary>
        private void ForTiles(int j0, int j1, Action<int, int, int> visit)
        {
            int m = _m;
            ForTileRows(j0, j1, (i, jb, je) =>
            {
                for (int j = jb; j < je; j++) visit(i, j, j * m + i);
            });
        }

        /// <summary>
        /// Visits the rows of columns [j0, j1) in 64 x 64 tiles, as (row i, columns jb..je-1 of the
        /// tile), so that both the cell arrays (usually row-major) and the solver's column-major
        /// arrays stay in cache.
        /// </summary>
        private void ForTileRows(int j0, int j1, Action<int, int, int> row)
        {
            const int tile = TileSize;
            int m = _m;
            for (int ib = 0; ib < m; ib += tile)
            {
                int ie = Math.Min(m, ib + tile);
                for (int jb = j0; jb < j1; jb += tile)
                {
                    int je = Math.Min(j1, jb + tile);
                    for (int i = ib; i < ie; i++) row(i, jb, je);
                }
            }
        }
    }
}
