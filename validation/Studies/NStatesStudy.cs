using System.Globalization;
using System.Text;
using System.Text.Json;
using Xbar.Behavioral.Networks;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;
using Xbar.Validation.Sharding;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies;

/// <summary>Settings of <see cref="NStatesStudy"/>.</summary>
public sealed record NStatesOptions
{
    public int Rows { get; init; } = 4;
    public int Cols { get; init; } = 4;
    public int MinStates { get; init; } = 2;
    public int MaxStates { get; init; } = 16;
    public double SigmaNl { get; init; } = 50;
    public double[] SigmaPerp { get; init; } = [0, 50, 100, 200, 400, 800];
    public int Draws { get; init; } = 40;
    public int Products { get; init; } = 200;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Rows < 1 || Cols < 1) throw new InvalidInputException($"rows and cols must be positive, got {Rows}x{Cols}");
        if (MinStates < 2 || MaxStates > 16 || MinStates > MaxStates)
            throw new InvalidInputException($"states must satisfy 2 <= min <= max <= 16, got {MinStates}..{MaxStates}");
        if (Draws < 1 || Products < 1) throw new InvalidInputException("draws and products must be positive");
        if (SigmaNl < 0 || SigmaPerp.Length == 0 || SigmaPerp.Any(s => s < 0))
            throw new InvalidInputException("sigma_NL and every sigma_perp must be >= 0");
        if (SigmaPerp.Distinct().Count() != SigmaPerp.Length) throw new InvalidInputException("--sigma-perp lists a value twice");
    }
}

/// <summary>
/// Optimal number of states per cell (Moureaux et al. 2026): for sigma_NL = 50 Ohm and rising
/// sigma_perp, the RMSE of random MVMs through a reference MTJ tile (quantization + systematic +
/// random error) for N = 2..16, and N_opt = argmin_N RMSE per seeded draw (common random numbers
/// across N within a draw). Run for two random-offset models: sigma_perp per cell (fixed with N)
/// and per junction (a cell of N states as N - 1 junctions in series: sigma_perp sqrt(N - 1)).
/// A point is one (model, sigma_perp, draw) with its RMSE for every N; the points run in shards
/// (<see cref="ShardedSweep"/>) and the outputs are written once the folder holds them all.
/// </summary>
public static class NStatesStudy
{
    public const string Name = "nstates";

    /// <param name="Complete">False when this shard left points to others: Summary says how many, Files is empty.</param>
    public sealed record Result(string Summary, IReadOnlyList<string> Files, bool Complete = true);

    private sealed record Point(bool PerJunction, double SigmaPerp, int Draw);

    private static List<Point> Points(NStatesOptions o) =>
        [.. from perJunction in new[] { false, true } from sp in o.SigmaPerp from d in Enumerable.Range(0, o.Draws) select new Point(perJunction, sp, d)];

    private static string Key(Point p) =>
        string.Create(CultureInfo.InvariantCulture, $"{(p.PerJunction ? "junction" : "cell")}_sp{p.SigmaPerp:R}_d{p.Draw}");

    private static int[] States(NStatesOptions o) => Enumerable.Range(o.MinStates, o.MaxStates - o.MinStates + 1).ToArray();

    /// <summary>The settings pinned in the output folder (and read back by a merge).</summary>
    public static string Settings(NStatesOptions o) => JsonSerializer.Serialize(new { study = Name, options = o });

    /// <summary>One point: the RMSE of every N for one draw, as round-trip numbers.</summary>
    private static string Compute(NStatesOptions o, Point p) => string.Join(",", States(o).Select(n =>
    {
        var options = new ReferenceMtjTileOptions
        {
            Cell = new MtjParameters { States = n },
            Offsets = new StateOffsets { SigmaNl = o.SigmaNl, SigmaPerp = p.SigmaPerp },
            RandomOffsetPerJunction = p.PerJunction,
        };
        return MvmSampler.Measure(options, o.Rows, o.Cols, o.Products, o.Seed * 100003 + p.Draw).Rmse.ToString("R", CultureInfo.InvariantCulture);
    }));

    /// <summary>Runs this shard's points (all of them by default), then writes the outputs when every point is in <paramref name="outDir"/>.</summary>
    public static Result Run(NStatesOptions o, string outDir, IProgress<double>? progress = null, ShardSpec? shard = null)
    {
        o.Validate();
        Prepare(outDir);
        return Finish(o, outDir, ShardedSweep.RunIn(outDir, Settings(o), Points(o), Key, p => Compute(o, p), shard, progress));
    }

    /// <summary>Writes the CSV, PNG and Markdown from the stored points, or says how many are missing.</summary>
    public static Result Finish(NStatesOptions o, string outDir, PointStore store)
    {
        var points = Points(o);
        if (ShardedSweep.CollectNumbers(points, Key, store, out int missing) is not { } stored)
            return new Result(IncompleteSummary(Name, missing, points.Count), [], Complete: false);
        var states = States(o);
        var rows = new List<string>();
        var optRows = new List<string>();
        var series = new List<(string, double[], double[])>();
        var md = new StringBuilder();
        md.AppendLine("# Optimal number of states per cell (`xbar study nstates`)").AppendLine();
        md.AppendLine($"Random MVMs on a {o.Rows}x{o.Cols} reference MTJ tile (weights uniform in [-1, 1] on differential pairs, inputs uniform in [0, 1]), " +
                      $"{o.Products} products per draw, {o.Draws} seeded draws (seed {o.Seed}); sigma_NL = {F(o.SigmaNl)} Ohm; " +
                      $"R_P = {F(new MtjParameters().ResistanceParallel)} Ohm, TMR0 = {F(new MtjParameters().Tmr0 * 100)} % (devices/ defaults), levels uniform in conductance. RMSE in units of W x.").AppendLine();
        md.AppendLine("| random-offset model | sigma_perp (Ohm) | N_opt (median) | N_opt range | N_opt distribution (N:count) | min mean RMSE |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (bool perJunction in new[] { false, true })
        {
            string model = perJunction ? "per junction" : "per cell";
            foreach (var sp in o.SigmaPerp)
            {
                var rmse = new double[o.Draws, states.Length];
                for (int d = 0; d < o.Draws; d++)
                {
                    var values = stored[new Point(perJunction, sp, d)];
                    for (int s = 0; s < states.Length; s++)
                    {
                        rmse[d, s] = values[s];
                        rows.Add($"{model},{F(sp)},{states[s]},{d},{F(rmse[d, s])}");
                    }
                }
                var nOpt = Enumerable.Range(0, o.Draws).Select(d =>
                    states[Enumerable.Range(0, states.Length).MinBy(s => rmse[d, s])]).ToArray();
                var mean = Enumerable.Range(0, states.Length).Select(s => Enumerable.Range(0, o.Draws).Average(d => rmse[d, s])).ToArray();
                var hist = nOpt.GroupBy(n => n).OrderBy(g => g.Key).ToArray();
                foreach (var g in hist) optRows.Add($"{model},{F(sp)},{g.Key},{g.Count()}");
                var sorted = nOpt.Order().ToArray();
                md.AppendLine($"| {model} | {F(sp)} | {sorted[sorted.Length / 2]} | {sorted[0]}-{sorted[^1]} | " +
                              $"{string.Join(" ", hist.Select(g => $"{g.Key}:{g.Count()}"))} | {F(mean.Min(), "F4")} (N={states[Array.IndexOf(mean, mean.Min())]}) |");
                series.Add(($"{model}, sigma_perp {F(sp)} Ohm", states.Select(v => (double)v).ToArray(), mean.Select(v => Math.Log10(v)).ToArray()));
            }
        }
        var files = new List<string>
        {
            WriteCsv(outDir, "nstates.csv", "offset_model,sigma_perp_ohm,states,draw,rmse", rows),
            WriteCsv(outDir, "nstates-nopt.csv", "offset_model,sigma_perp_ohm,n_opt,draws", optRows),
            LinePlot(outDir, "nstates.png", $"Random-MVM RMSE vs states per cell (sigma_NL {F(o.SigmaNl)} Ohm)",
                "states per cell N", "log10 mean RMSE (units of W x)", series),
        };
        md.AppendLine();
        md.AppendLine($"**{MoureauxClaims.Citation} (abstract):** {MoureauxClaims.OptimalStates}. " +
                      "The setting (sigma_NL = 50 Ohm, increasing sigma_perp) is our reading of the paper's study; its N_opt values were not checked here.").AppendLine();
        md.AppendLine("**What differs / what this shows:** with a fixed conductance window and offsets fixed in Ohm per cell, the error an offset causes " +
                      "in weight units does not depend on N, while quantization error falls as 1/(N-1): the RMSE keeps falling with N and N_opt sits at " +
                      "the largest N tried unless noise dominates so much that draws scatter. Only when the random offset grows with N " +
                      "(the per-junction model, an assumption of this reference model) does an interior optimum appear, moving to fewer states as sigma_perp rises. " +
                      "Device values are devices/ defaults, not the paper's.");
        files.Add(WriteMarkdown(outDir, "nstates.md", md.ToString()));
        return new Result(md.ToString(), files);
    }
}
