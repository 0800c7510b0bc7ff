using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// <see cref="RowResponses"/> by one iterative nodal solve per row (and one more with every row
/// at 1 V), and one per replaced row: 2m + 1 solves, each exact to the solver's tolerance. The
/// reference for <see cref="LaneRowResponses"/> (the same solves batched), and the path for arrays with zero-resistance lines.
/// </summary>
internal sealed class SolvedRowResponses : RowResponses
{
    private readonly CrossbarSpec _spec;
    private readonly ICellArray _cells;
    private readonly NodalCrossbarSolver _solver, _serial;
    private readonly int _chunks;

    private SolvedRowResponses(CrossbarSpec spec, ICellArray cells, NodalCrossbarSolver solver, NodalCrossbarSolver serial, int chunks,
        double[] transfer, double[] own, double[] all)
        : base(spec.Rows, spec.Cols, transfer, own, all)
    {
        _spec = spec; _cells = cells; _solver = solver; _serial = serial; _chunks = chunks;
    }

    public static SolvedRowResponses Solve(NodalCrossbarSolver solver, CrossbarSpec spec, ICellArray cells)
    {
        int m = spec.Rows, c = spec.Cols;
        var serial = new NodalCrossbarSolver(solver.Options with { Parallel = false });
        // Rows in parallel chunks of at least a few thousand cells each (small arrays: one chunk, no thread hand-offs).
        int chunks = solver.Options.Parallel ? (int)Math.Clamp((long)m * c * m / 262_144, 1, Math.Min(m, Environment.ProcessorCount)) : 1;
        var transfer = new double[c * m];
        var own = new double[m * c];
        // Unit-row solves: one solver session (buffers, factorization) per chunk.
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
        {
            int k0 = chunk * m / chunks, k1 = (chunk + 1) * m / chunks;
            var solutions = serial.SolveBatch(spec, cells, Enumerable.Range(k0, k1 - k0).Select(k => (IReadOnlyList<double>)Unit(m, k)).ToList());
            for (int k = k0; k < k1; k++)
            {
                var s = solutions[k - k0];
                for (int l = 0; l < c; l++)
                {
                    transfer[l * m + k] = s.ColumnCurrents[l];
                    own[k * c + l] = s.WordLineVoltage(k, l) - s.BitLineVoltage(k, l);
                }
            }
        });
        var ones = (chunks > 1 ? solver : serial).Solve(spec, cells, Enumerable.Repeat(1.0, m).ToArray());
        var all = new double[m * c];
        for (int k = 0; k < m; k++)
            for (int l = 0; l < c; l++) all[k * c + l] = ones.WordLineVoltage(k, l) - ones.BitLineVoltage(k, l);
        return new SolvedRowResponses(spec, cells, solver, serial, chunks, transfer, own, all);
    }

    public override ReplacedRowResponses ReplaceRows(double[] conductances, double[] weights)
    {
        CheckReplacement(conductances, weights);
        int m = Rows, c = Cols;
        var transfer = new double[c * m];
        var sums = new double[c * m];
        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = _chunks }, k =>
        {
            var s = _serial.Solve(_spec, new RowReplacedCells(_cells, k, conductances.AsSpan(k * c, c).ToArray()), Unit(m, k));
            for (int l = 0; l < c; l++)
            {
                transfer[l * m + k] = s.ColumnCurrents[l];
                double sum = 0;
                for (int i = 0; i < m; i++)
                    if (i != k) sum += (s.WordLineVoltage(i, l) - s.BitLineVoltage(i, l)) * weights[i * c + l];
                sums[l * m + k] = sum;
            }
        });
        return new ReplacedRowResponses(transfer, sums);
    }

    private static double[] Unit(int m, int k)
    {
        var v = new double[m];
        v[k] = 1.0;
        return v;
    }
}

/// <summary>A linear array equal to <paramref name="baseCells"/> except row <paramref name="row"/>, whose conductances (S) are replaced.</summary>
internal sealed class RowReplacedCells(ICellArray baseCells, int row, double[] rowConductance) : ICellArray
{
    public int Rows => baseCells.Rows;
    public int Cols => baseCells.Cols;
    public bool IsLinear => true;
    public double Conductance(int i, int j, double v) => i == row ? rowConductance[j] : baseCells.Conductance(i, j, 0.0);
    public double Current(int i, int j, double v) => Conductance(i, j, v) * v;
    public IReadOnlyList<string> SpiceDefinitions() => [];
    public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j) =>
        throw new NotSupportedException("a modelling intermediate, never written to SPICE");
}
