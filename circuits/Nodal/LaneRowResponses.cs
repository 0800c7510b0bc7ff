using System.Numerics;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;
using Xbar.Devices.Linear;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// <see cref="RowResponses"/> by the nodal solver's iterative method run on many rows at once
/// (<see cref="LaneBatchSolver"/>, one row per SIMD lane): the same 2m + 1 solves as
/// <see cref="SolvedRowResponses"/>, to the same tolerance, in batches of four (AVX2).
/// </summary>
internal sealed class LaneRowResponses : RowResponses
{
    private readonly CrossbarSpec _spec;
    private readonly LaneBatchSolver _solver;
    private readonly int _threads;

    private LaneRowResponses(CrossbarSpec spec, LaneBatchSolver solver, int threads, double[] transfer, double[] own, double[] all)
        : base(spec.Rows, spec.Cols, transfer, own, all)
    {
        _spec = spec; _solver = solver; _threads = threads;
    }

    /// <summary>Whether the batched solver applies: both line kinds resistive.</summary>
    public static bool Applies(CrossbarSpec spec) => BlockTransferMatrix.Applies(spec);

    public static LaneRowResponses Compute(NodalSolverOptions options, CrossbarSpec spec, ICellArray cells)
    {
        int m = spec.Rows, n = spec.Cols;
        var seen = new CrossbarNodes(spec).CellsAsSeen(cells);
        var g = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i * n + j] = seen.Conductance(i, j, 0.0);
        var solver = new LaneBatchSolver(spec, g, options);
        int threads = options.Parallel ? Environment.ProcessorCount : 1;
        var transfer = new double[n * m];
        var own = new double[m * n];
        var all = new double[m * n];
        // Jobs: each row alone at 1 V, then every row at 1 V.
        var jobs = Enumerable.Range(0, m).Select(k => new LaneBatchSolver.Job(k, null)).Append(new LaneBatchSolver.Job(-1, null)).ToArray();
        Run(solver, jobs, threads, (ws, lane, job) =>
        {
            var currents = new double[n];
            solver.ColumnCurrents(ws, lane, currents);
            if (job.Row >= 0)
            {
                for (int j = 0; j < n; j++) transfer[j * m + job.Row] = currents[j];
                solver.RowBias(ws, lane, job.Row, 1.0, null, own.AsSpan(job.Row * n, n));
            }
            else
                for (int i = 0; i < m; i++) solver.RowBias(ws, lane, i, 1.0, null, all.AsSpan(i * n, n));
        }, null);
        return new LaneRowResponses(spec, solver, threads, transfer, own, all);
    }

    public override ReplacedRowResponses ReplaceRows(double[] conductances, double[] weights)
    {
        CheckReplacement(conductances, weights);
        int m = Rows, n = Cols;
        var raw = new double[m, n];
        for (int k = 0; k < m; k++) for (int j = 0; j < n; j++) raw[k, j] = conductances[k * n + j];
        var seen = new CrossbarNodes(_spec).CellsAsSeen(new LinearCellArray(raw));
        var jobs = new LaneBatchSolver.Job[m];
        for (int k = 0; k < m; k++)
        {
            var row = new double[n];
            for (int j = 0; j < n; j++) row[j] = seen.Conductance(k, j, 0.0);
            jobs[k] = new LaneBatchSolver.Job(k, row);
        }
        var transfer = new double[n * m];
        var sums = new double[n * m];
        Run(_solver, jobs, _threads, (ws, lane, job) =>
        {
            var currents = new double[n];
            _solver.ColumnCurrents(ws, lane, currents);
            for (int j = 0; j < n; j++) transfer[j * m + job.Row] = currents[j];
        }, (ws, laneSums) =>
        {
            for (int lane = 0; lane < ws.BatchJobs.Length; lane++)
                for (int j = 0; j < n; j++) sums[j * m + ws.BatchJobs[lane].Row] = laneSums[j][lane];
        }, weights);
        return new ReplacedRowResponses(transfer, sums);
    }

    /// <summary>Runs the jobs in batches of <see cref="LaneBatchSolver.Lanes"/>, batches spread over threads; <paramref name="perLane"/> reads each lane's solution.</summary>
    private static void Run(LaneBatchSolver solver, LaneBatchSolver.Job[] jobs, int threads,
        Action<LaneBatchSolver.Workspace, int, LaneBatchSolver.Job> perLane,
        Action<LaneBatchSolver.Workspace, Vector<double>[]>? weighted, double[]? weights = null)
    {
        int lanes = LaneBatchSolver.Lanes, batches = (jobs.Length + lanes - 1) / lanes;
        int m = solver.Rows, n = solver.Cols;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(threads, batches) },
            () => (Workspace: new LaneBatchSolver.Workspace(m, n), Sums: new Vector<double>[n]),
            (b, _, local) =>
            {
                var batch = jobs.AsSpan(b * lanes, Math.Min(lanes, jobs.Length - b * lanes)).ToArray();
                solver.Solve(local.Workspace, batch);
                for (int lane = 0; lane < batch.Length; lane++) perLane(local.Workspace, lane, batch[lane]);
                if (weighted is not null)
                {
                    solver.WeightedOtherRowBiases(local.Workspace, weights!, local.Sums);
                    weighted(local.Workspace, local.Sums);
                }
                return local;
            }, _ => { });
    }
}
