using System.Globalization;
using System.Text;
using System.Text.Json;
using MathNet.Numerics;
using Xbar.Behavioral.Networks;
using Xbar.Devices.NonIdealities;
using Xbar.Validation.Sharding;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies;

/// <summary>Settings of <see cref="ScalingStudy"/>.</summary>
public sealed record ScalingOptions
{
    public int[] Sizes { get; init; } = [4, 8, 16, 32, 64, 128, 256];
    public int FixedSize { get; init; } = 16;
    public double SigmaNl { get; init; } = 50;
    public double SigmaPerp { get; init; } = 50;
    public int Draws { get; init; } = 10;
    public int Products { get; init; } = 50;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Sizes.Length < 2 || Sizes.Any(s => s < 1 || s > 1024) || FixedSize < 1 || FixedSize > 1024)
            throw new InvalidInputException("sizes must be at least two values in 1..1024 and the fixed size in 1..1024");
        if (Draws < 1 || Products < 1) throw new InvalidInputException("draws and products must be positive");
        if (Sizes.Distinct().Count() != Sizes.Length) throw new InvalidInputException("--sizes lists a size twice");
        if (SigmaNl <= 0 || SigmaPerp <= 0) throw new InvalidInputException("sigma_NL and sigma_perp must be > 0 for a scaling fit");
    }
}

/// <summary>
/// How MVM error grows with array size (Moureaux et al. 2026: random per-cell noise averages across
/// the array, systematic error does not): RMSE of random MVMs against rows m (inputs summed per
/// output) and columns n, with only the systematic (sigma_NL) or only the random (sigma_perp) offset
/// on, unquantized weights, and the power law RMSE = a size^b fitted as a line in log-log
/// (MathNet Fit.Line on log values). A point is one (weights, error source, axis, size); the points
/// run in shards (<see cref="ShardedSweep"/>) and the outputs are written once the folder holds them all.
/// </summary>
public static class ScalingStudy
{
    public const string Name = "scaling";

    private sealed record Point(bool NonNegative, ErrorSource Source, string Axis, int Size);

    private static readonly ErrorSource[] Sources = [ErrorSource.Systematic, ErrorSource.Random];
    private static readonly string[] Axes = ["rows", "cols"];

    private static List<Point> Points(ScalingOptions o) =>
        [.. from nonNegative in new[] { false, true } from source in Sources from axis in Axes from size in o.Sizes select new Point(nonNegative, source, axis, size)];

    private static string Key(Point p) => string.Create(CultureInfo.InvariantCulture,
        $"{(p.NonNegative ? "nonneg" : "signed")}_{p.Source.ToString().ToLowerInvariant()}_{p.Axis}_{p.Size}");

    /// <summary>The settings pinned in the output folder (and read back by a merge).</summary>
    public static string Settings(ScalingOptions o) => JsonSerializer.Serialize(new { study = Name, options = o });

    /// <summary>One point: RMSE and relative RMSE over the draws, as round-trip numbers.</summary>
    private static string Compute(ScalingOptions o, Point p)
    {
        var options = new ReferenceMtjTileOptions { Offsets = new StateOffsets { SigmaNl = o.SigmaNl, SigmaPerp = o.SigmaPerp } }.Only(p.Source);
        int m = p.Axis == "rows" ? p.Size : o.FixedSize;
        int n = p.Axis == "cols" ? p.Size : o.FixedSize;
        double e2 = 0, r2 = 0;
        for (int d = 0; d < o.Draws; d++)
        {
            var (e, norm) = MvmSampler.Measure(options, m, n, o.Products, o.Seed * 7919 + d, p.NonNegative);
            e2 += e * e;
            r2 += norm * norm;
        }
        double rmse = Math.Sqrt(e2 / o.Draws);
        double rel = rmse / Math.Sqrt(r2 / o.Draws);
        return string.Create(CultureInfo.InvariantCulture, $"{rmse:R},{rel:R}");
    }

    /// <param name="Weights">"signed" (uniform in [-1, 1], both signs on the differential pair) or "non-negative" (uniform in [0, 1]).</param>
    public sealed record Fit(string Weights, string Source, string Axis, double Exponent, double Prefactor, double RelativeExponent);

    /// <param name="Complete">False when this shard left points to others: Summary says how many, Fits and Files are empty.</param>
    public sealed record Result(string Summary, IReadOnlyList<Fit> Fits, IReadOnlyList<string> Files, bool Complete = true);

    /// <summary>Fits y = a x^b by least squares on (ln x, ln y); returns (a, b).</summary>
    public static (double A, double B) PowerLaw(double[] x, double[] y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException("need at least two (x, y) points");
        if (x.Any(v => v <= 0) || y.Any(v => v <= 0)) throw new ArgumentException("a power-law fit needs positive values");
        var (lnA, b) = MathNet.Numerics.Fit.Line(x.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(v)).ToArray());
        return (Math.Exp(lnA), b);
    }

    /// <summary>Runs this shard's points (all of them by default), then writes the outputs when every point is in <paramref name="outDir"/>.</summary>
    public static Result Run(ScalingOptions o, string outDir, IProgress<double>? progress = null, ShardSpec? shard = null)
    {
        o.Validate();
        Prepare(outDir);
        return Finish(o, outDir, ShardedSweep.RunIn(outDir, Settings(o), Points(o), Key, p => Compute(o, p), shard, progress));
    }

    /// <summary>Writes the CSV, PNG and Markdown from the stored points, or says how many are missing.</summary>
    public static Result Finish(ScalingOptions o, string outDir, PointStore store)
    {
        var points = Points(o);
        if (ShardedSweep.CollectNumbers(points, Key, store, out int missing) is not { } stored)
            return new Result(IncompleteSummary(Name, missing, points.Count), [], [], Complete: false);
        var csv = new List<string>();
        var fits = new List<Fit>();
        var series = new List<(string, double[], double[])>();
        foreach (bool nonNegative in new[] { false, true })
        foreach (var source in Sources)
        {
            string weights = nonNegative ? "non-negative" : "signed";
            foreach (var axis in Axes)
            {
                var rmse = new double[o.Sizes.Length];
                var rel = new double[o.Sizes.Length];
                for (int k = 0; k < o.Sizes.Length; k++)
                {
                    int m = axis == "rows" ? o.Sizes[k] : o.FixedSize;
                    int n = axis == "cols" ? o.Sizes[k] : o.FixedSize;
                    var values = stored[new Point(nonNegative, source, axis, o.Sizes[k])];
                    rmse[k] = values[0];
                    rel[k] = values[1];
                    csv.Add($"{weights},{source.ToString().ToLowerInvariant()},{axis},{m},{n},{F(rmse[k])},{F(rel[k])}");
                }
                var xs = o.Sizes.Select(v => (double)v).ToArray();
                var (a, b) = PowerLaw(xs, rmse);
                var (_, bRel) = PowerLaw(xs, rel);
                fits.Add(new Fit(weights, source.ToString().ToLowerInvariant(), axis, b, a, bRel));
                series.Add(($"{weights} w, {source.ToString().ToLowerInvariant()} vs {axis} (b = {F(b, "F2")})", xs.Select(v => Math.Log10(v)).ToArray(), rmse.Select(v => Math.Log10(v)).ToArray()));
            }
        }
        var md = new StringBuilder();
        md.AppendLine("# MVM error against array size (`xbar study scaling`)").AppendLine();
        md.AppendLine($"Reference MTJ tile (4 states, devices/ defaults, differential pairs), weights unquantized, uniform in [-1, 1] (signed) or [0, 1] (non-negative), inputs uniform in [0, 1]; " +
                      $"sigma_NL = {F(o.SigmaNl)} Ohm (systematic only) or sigma_perp = {F(o.SigmaPerp)} Ohm (random only); the other size fixed at {o.FixedSize}; " +
                      $"{o.Draws} draws x {o.Products} MVMs per point (seed {o.Seed}). Fit: RMSE = a size^b, least squares in log-log.").AppendLine();
        md.AppendLine("| weights | error | against | exponent b | prefactor a | exponent of RMSE / RMS(W x) |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in fits)
            md.AppendLine($"| {f.Weights} | {f.Source} | {f.Axis} | {F(f.Exponent, "F3")} | {F(f.Prefactor, "G4")} | {F(f.RelativeExponent, "F3")} |");
        md.AppendLine();
        md.AppendLine($"**{MoureauxClaims.Citation} (abstract):** {MoureauxClaims.RandomVsSystematic}.").AppendLine();
        md.AppendLine("Reading: independent per-cell offsets add in quadrature over the m inputs of an output (b about 0.5 against rows). " +
                      "A per-state offset shared by every cell adds coherently when the weights share a sign (non-negative weights: b about 1), " +
                      "so it does not average out; with signed weights on differential pairs its sign follows the weight sign and it too grows about as sqrt(m). " +
                      "Columns do not share inputs, so the per-output error does not grow with n.");
        var files = new List<string>
        {
            WriteCsv(outDir, "scaling.csv", "weights,error,axis,rows,cols,rmse,relative_rmse", csv),
            WriteCsv(outDir, "scaling-fit.csv", "weights,error,axis,exponent,prefactor,relative_exponent",
                fits.Select(f => $"{f.Weights},{f.Source},{f.Axis},{F(f.Exponent)},{F(f.Prefactor)},{F(f.RelativeExponent)}")),
            LinePlot(outDir, "scaling.png", "Random-MVM RMSE vs array size", "log10 size (rows m or columns n)", "log10 RMSE (units of W x)", series),
        };
        files.Add(WriteMarkdown(outDir, "scaling.md", md.ToString()));
        return new Result(md.ToString(), fits, files);
    }
}
