namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// The error after T steps of the crossbar recurrence against float, over several programmings
/// (seeds) of the same system: <see cref="StateError"/> is
/// sqrt(mean over the batch of |x_T(crossbar) - x_T(float)|^2) divided by the float state's RMS
/// over the whole run (sqrt(mean over batch and steps of |x_t|^2)), so early steps with small
/// states do not inflate it; <see cref="OutputError"/> the same for y. Mean and worst over seeds.
/// </summary>
public sealed record DriftPoint(int Step, double StateError, double WorstStateError, double OutputError, double WorstOutputError);

/// <summary>
/// What the recurrence adds to crossbar errors (experiment 3 of the state-space study): one system
/// run through the float recurrence and through a programmed expanded matrix
/// (<see cref="CrossbarRecurrence"/>) on the same inputs, the gap measured at every step. A
/// stable mode |A_bar| &lt; 1 damps an error made at one step by |A_bar| per later step, so errors
/// made at every step (read noise, ADC rounding) saturate near (per-step error) / (1 - |A_bar|);
/// a weight error programmed once instead shifts the system itself, and a mode pushed to
/// |A_bar| &gt;= 1 grows without bound.
/// </summary>
public static class RecurrenceDrift
{
    /// <summary>
    /// Runs <paramref name="system"/> on <paramref name="u"/> (batch x steps x inputs) in float and,
    /// for every seed, through <paramref name="program"/>(matrix, seed) holding <paramref name="expanded"/>
    /// (default: <see cref="ExpandedSsm.Balanced"/>); one point per step.
    /// </summary>
    public static IReadOnlyList<DriftPoint> Measure(DiscreteSsm system, double[] u, int batch, int steps,
        Func<double[,], int, IProgrammedMatrix> program, IReadOnlyList<int> seeds, ExpandedSsm? expanded = null)
    {
        if (seeds.Count == 0) throw new ArgumentException("at least one seed", nameof(seeds));
        var reference = system.Run(u, batch, steps);
        expanded ??= ExpandedSsm.Balanced(system);
        var runs = seeds.Select(seed => CrossbarRecurrence.Run(program(expanded.Matrix, seed), expanded, u, batch, steps)).ToArray();
        return Compare(reference, runs);
    }

    /// <summary>
    /// The per-step error of each crossbar run against <paramref name="reference"/> (same input,
    /// same layout; one run per programming seed), mean and worst over the runs: the measure of
    /// <see cref="Measure"/> for runs made any way (for example a trained layer's <see cref="BlockSsm"/> on tiles).
    /// </summary>
    public static IReadOnlyList<DriftPoint> Compare(SsmTrace reference, IReadOnlyList<SsmTrace> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("at least one run", nameof(runs));
        int batch = reference.Batch, steps = reference.Steps;
        int n2 = reference.States.Length / (batch * steps), o = reference.Output.Length / (batch * steps);
        double stateRms = Rms(reference.States), outputRms = Rms(reference.Output);
        double stateNorm = stateRms * Math.Sqrt(n2), outputNorm = outputRms * Math.Sqrt(o); // RMS of the vector norm
        var stateErr = new double[runs.Count, steps];
        var outputErr = new double[runs.Count, steps];
        for (int s = 0; s < runs.Count; s++)
        {
            var run = runs[s];
            if (run.States.Length != reference.States.Length || run.Output.Length != reference.Output.Length)
                throw new ArgumentException($"run {s} does not have the reference's layout");
            for (int t = 0; t < steps; t++)
            {
                stateErr[s, t] = StepError(run.States, reference.States, batch, steps, t, n2) / Math.Max(stateNorm, double.Epsilon);
                outputErr[s, t] = StepError(run.Output, reference.Output, batch, steps, t, o) / Math.Max(outputNorm, double.Epsilon);
            }
        }
        var points = new DriftPoint[steps];
        for (int t = 0; t < steps; t++)
        {
            double sm = 0, sw = 0, om = 0, ow = 0;
            for (int s = 0; s < runs.Count; s++)
            {
                sm += stateErr[s, t]; sw = Math.Max(sw, stateErr[s, t]);
                om += outputErr[s, t]; ow = Math.Max(ow, outputErr[s, t]);
            }
            points[t] = new DriftPoint(t + 1, sm / runs.Count, sw, om / runs.Count, ow);
        }
        return points;
    }

    /// <summary>A programmer for <see cref="Measure"/>: the expanded matrix split into tiles of <paramref name="geometry"/> (tile seeds from the seed, layer 0).</summary>
    public static Func<double[,], int, IProgrammedMatrix> OnTiles(ITileProgrammer programmer, TileGeometry geometry) =>
        (matrix, seed) => TiledMatrix.Program(matrix, geometry, programmer, layer: 0, seed: seed);

    /// <summary>sqrt(mean over the batch of the squared vector distance) at step t.</summary>
    private static double StepError(double[] a, double[] b, int batch, int steps, int t, int width)
    {
        double sum = 0;
        for (int k = 0; k < batch; k++)
        {
            int off = (k * steps + t) * width;
            for (int i = 0; i < width; i++)
            {
                double d = a[off + i] - b[off + i];
                sum += d * d;
            }
        }
        return Math.Sqrt(sum / batch);
    }

    private static double Rms(double[] v)
    {
        double sum = 0;
        foreach (var x in v) sum += x * x;
        return Math.Sqrt(sum / Math.Max(1, v.Length));
    }
}
