namespace Xbar.Behavioral.Calibration;

/// <summary>A family of weight matrices: a name and a seeded generator (outputs, inputs, rng) -> W in [-1, 1].</summary>
/// <param name="ActiveRowShare">Share of the rows (from row 0) that receive inputs: below 1 for a partly filled tile, whose unused rows are driven at 0 V.</param>
public sealed record WeightPattern(string Name, string Description, Func<int, int, Random, double[,]> Make, double ActiveRowShare = 1.0)
{
    public int ActiveRows(int rows) => Math.Max(1, (int)Math.Round(rows * ActiveRowShare));
}

/// <summary>A family of input vectors: a name and a seeded generator (length, rng) -> x in [-1, 1] (units of input.input_max).</summary>
public sealed record InputPattern(string Name, string Description, Func<int, Random, double[]> Make, bool Signed = false);

/// <summary>
/// The structured MVM problems a tile model is judged on: weight patterns that trained
/// networks and tiling produce (uniform, Gaussian and clustered weights; a quarter-size block of
/// high-conductance cells near or far from the drivers (column 0) and the read-out (row m-1); a
/// partly filled tile) crossed with input patterns (dense, sparse, full scale, signed). Everything is
/// drawn from the caller's seeded <see cref="Random"/>, so a seed names a problem exactly.
/// </summary>
public static class StructuredProblems
{
    public static IReadOnlyList<WeightPattern> Weights { get; } =
    [
        new("uniform", "weights uniform in [-1, 1]", (o, i, r) => Fill(o, i, (_, _) => 2 * r.NextDouble() - 1)),
        new("gaussian", "weights normal, sigma 0.3 (most near zero: a trained layer's shape)", (o, i, r) => Fill(o, i, (_, _) => 0.3 * Normal(r))),
        new("clustered", "weights at five cluster centres (-0.8, -0.3, 0, 0.4, 0.9) +- 0.03", (o, i, r) => Fill(o, i, (_, _) => Centres[r.Next(Centres.Length)] + 0.03 * Normal(r))),
        Block("block-near", "a block of +1 weights (high-conductance cells) in the rows next to the read-out and the outputs next to the drivers", nearReadout: true, nearDriver: true),
        Block("block-far", "the block in the rows farthest from the read-out and the outputs farthest from the drivers", nearReadout: false, nearDriver: false),
        Block("block-far-driver", "the block next to the read-out, far from the drivers", nearReadout: true, nearDriver: false),
        Block("block-far-readout", "the block next to the drivers, far from the read-out", nearReadout: false, nearDriver: true),
        new("block-center", "the block in the middle of the array", (o, i, r) => WithBlock(o, i, r, i / 2 - BlockSize(i) / 2, o / 2 - BlockSize(o) / 2)),
        new("partly-filled", "a tile half filled (inputs 0..m/2, outputs 0..n/2 uniform; the rest unused: lowest state, 0 V)",
            (o, i, r) => Fill(o, i, (a, b) => a < Math.Max(1, o / 2) && b < Math.Max(1, i / 2) ? 2 * r.NextDouble() - 1 : 0.0), ActiveRowShare: 0.5),
    ];

    public static IReadOnlyList<InputPattern> Inputs { get; } =
    [
        new("dense", "every input uniform in [0, 1] (ReLU activations of a dense layer)", (n, r) => Draw(n, _ => r.NextDouble())),
        new("sparse", "15 % of inputs uniform in [0, 1], the rest 0 (sparse activations)", (n, r) => Draw(n, _ => r.NextDouble() < 0.15 ? r.NextDouble() : 0.0)),
        new("full", "every input at full scale (+1)", (n, _) => Draw(n, _ => 1.0)),
        new("signed", "every input uniform in [-1, 1] (PCA projections, first layers)", (n, r) => Draw(n, _ => 2 * r.NextDouble() - 1), Signed: true),
    ];

    public static WeightPattern Weight(string name) =>
        Weights.FirstOrDefault(p => p.Name == name) ?? throw new InvalidInputException($"weight pattern \"{name}\" is unknown (known: {string.Join(", ", Weights.Select(p => p.Name))})");

    public static InputPattern Input(string name) =>
        Inputs.FirstOrDefault(p => p.Name == name) ?? throw new InvalidInputException($"input pattern \"{name}\" is unknown (known: {string.Join(", ", Inputs.Select(p => p.Name))})");

    /// <summary>An input vector of <paramref name="rows"/> values: the pattern on the first <paramref name="activeRows"/>, 0 beyond.</summary>
    public static double[] DrawInput(InputPattern pattern, int rows, int activeRows, Random rng)
    {
        var x = new double[rows];
        pattern.Make(Math.Min(rows, activeRows), rng).CopyTo(x, 0);
        return x;
    }

    private static readonly double[] Centres = [-0.8, -0.3, 0.0, 0.4, 0.9];

    private static int BlockSize(int n) => Math.Max(1, n / 4);

    /// <summary>Block families: uniform background, a quarter x quarter block of weights +0.9..1 (G+ at the top states).</summary>
    private static WeightPattern Block(string name, string description, bool nearReadout, bool nearDriver) =>
        new(name, description, (o, i, r) => WithBlock(o, i, r, nearReadout ? i - BlockSize(i) : 0, nearDriver ? 0 : o - BlockSize(o)));

    private static double[,] WithBlock(int outs, int ins, Random r, int row0, int out0)
    {
        var w = Fill(outs, ins, (_, _) => 2 * r.NextDouble() - 1);
        for (int o = out0; o < out0 + BlockSize(outs); o++)
            for (int i = row0; i < row0 + BlockSize(ins); i++) w[o, i] = 0.9 + 0.1 * r.NextDouble();
        return w;
    }

    private static double[,] Fill(int outs, int ins, Func<int, int, double> value)
    {
        var w = new double[outs, ins];
        for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o, i] = value(o, i);
        return w;
    }

    private static double[] Draw(int n, Func<int, double> value)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = value(i);
        return x;
    }

    /// <summary>A standard normal deviate (Box-Muller).</summary>
    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
