using System.Diagnostics;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// Result of <see cref="BatchBenchmark"/>: the transfer matrix (block elimination) and the batch
/// product, their cost per MVM amortized over the batch, per-vector solves on a sample of the same
/// inputs as the reference, and the largest difference between the two (relative to the largest current).
/// </summary>
public sealed record BatchBenchmarkResult(int Size, int Vectors, double TransferSeconds, double ProductSeconds,
    double PerVectorSolveSeconds, int SampleVectors, double MaxRelativeDifference)
{
    /// <summary>(T + product) / vectors, seconds per MVM.</summary>
    public double AmortizedSeconds => (TransferSeconds + ProductSeconds) / Vectors;

    /// <summary>Per-vector solve time / amortized batch time.</summary>
    public double Ratio => PerVectorSolveSeconds / AmortizedSeconds;
}

/// <summary>
/// Many input vectors on one programmed array of the standard problem's linear cells
/// (<see cref="StandardCrossbarProblem"/>): the batch path of <see cref="ProgrammedCrossbar"/>
/// (transfer matrix + one matrix product) against per-vector solves in the same process.
/// </summary>
public sealed class BatchBenchmark
{
    public int Size { get; init; } = 256;
    public int Vectors { get; init; } = 10_000;
    public int SampleVectors { get; init; } = 8;
    public int Seed { get; init; } = 1;

    public BatchBenchmarkResult Run()
    {
        int n = Size;
        var spec = StandardCrossbarProblem.Spec(n);
        var cells = StandardCrossbarProblem.Cells(n, "linear", Seed + n);
        var inputs = StandardCrossbarProblem.Inputs(Vectors, n, Seed + n);
        var solver = new NodalCrossbarSolver();
        // Per-vector reference on a sample (one session, as a user's loop would keep).
        var session = solver.Program(spec, cells);
        session.Solve(Row(inputs, 0)); // factorisation and JIT out of the timing
        int sample = Math.Min(SampleVectors, Vectors);
        var perVector = new double[sample][];
        var sw = Stopwatch.StartNew();
        for (int v = 0; v < sample; v++) perVector[v] = session.Solve(Row(inputs, v)).ColumnCurrents;
        double solveSeconds = sw.Elapsed.TotalSeconds / sample;

        var programmed = solver.Program(spec, cells);
        sw.Restart();
        programmed.TransferMatrix();
        double transferSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var batch = programmed.ColumnCurrents(inputs);
        double productSeconds = sw.Elapsed.TotalSeconds;

        double worst = 0;
        for (int v = 0; v < sample; v++)
        {
            double scale = perVector[v].Max(Math.Abs);
            for (int j = 0; j < n; j++) worst = Math.Max(worst, Math.Abs(batch[v, j] - perVector[v][j]) / scale);
        }
        return new BatchBenchmarkResult(n, Vectors, transferSeconds, productSeconds, solveSeconds, sample, worst);
    }

    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();
}
