using System.Text;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// IMSSA's published numbers (Siegel, Yang and Strachan 2024, arXiv 2412.20215, as the issue states
/// them; only the paper's abstract and introduction were readable here), printed beside ours.
/// </summary>
internal static class ImssaClaims
{
    public const string Citation = "Siegel, Yang and Strachan 2024, \"IMSSA: Deploying modern state-space models on memristive in-memory compute hardware\", arXiv 2412.20215";
    public const double TwoClassSoftware2Bit = 0.9506;
    public const double TwoClassHardware2Bit = 0.8169;
    public const double TwoBitToleratedSigmaMicroSiemens = 15;
    public const double FiveBitFailingSigmaMicroSiemens = 5;
}

/// <summary>The S4D study's CSV, PNG and Markdown files.</summary>
internal static class S4dStudyReport
{
    public static IReadOnlyList<string> Write(string outDir, S4dStudyOptions o, IReadOnlyList<S4dStudyTask> tasks,
        IReadOnlyDictionary<string, S4dStudy.TaskModels> models, IReadOnlyList<S4dStudy.AccuracyRow> accuracy,
        IReadOnlyList<S4dStudy.NoisePoint> noise, IReadOnlyList<S4dStudy.DriftCurve> drift)
    {
        var files = new List<string>
        {
            WriteCsv(outDir, "accuracy.csv", "task,model,platform,accuracy,test_samples",
                accuracy.Select(r => $"{r.Task},{r.Model},{r.Platform},{F(r.Accuracy)},{r.Samples}")),
            WriteCsv(outDir, "noise.csv", "bits,sigma_us,mean_accuracy,worst_accuracy,per_seed,state_spectral_radius",
                noise.Select(p => $"{p.Bits},{F(p.SigmaMicroSiemens)},{F(p.Mean)},{F(p.Worst)},{string.Join(' ', p.PerSeed.Select(v => F(v)))},{F(p.Radius)}")),
            WriteCsv(outDir, "drift.csv", "model,platform,step,state_error_mean,state_error_worst,output_error_mean,output_error_worst",
                drift.SelectMany(c => c.Points.Select(p => $"{c.Model},{c.Platform},{p.Step},{F(p.StateError)},{F(p.WorstStateError)},{F(p.OutputError)},{F(p.WorstOutputError)}"))),
        };
        var series = new List<(string, double[], double[])>();
        foreach (var g in noise.GroupBy(p => p.Bits))
        {
            series.Add(($"{g.Key}-bit mean", g.Select(p => p.SigmaMicroSiemens).ToArray(), g.Select(p => 100 * p.Mean).ToArray()));
            series.Add(($"{g.Key}-bit worst", g.Select(p => p.SigmaMicroSiemens).ToArray(), g.Select(p => 100 * p.Worst).ToArray()));
        }
        if (series.Count > 0)
            files.Add(LinePlot(outDir, "noise.png", "\"zero\" vs \"one\" on RRAM (1-25 uS): accuracy vs programming noise", "programming noise sigma (uS)", "test accuracy (%)", series, ScottPlot.Alignment.LowerLeft));
        // Errors span four decades (1e-3 on an ideal-wire step to 10 where the noisy recurrence saturates at the DAC's full scale): log axis.
        files.Add(LinePlot(outDir, "drift.png", "S4D state through the crossbar vs float", "time step T", "log10 relative state error",
            drift.Select(c => ($"{c.Model}, {c.Platform}", c.Points.Select(p => (double)p.Step).ToArray(),
                c.Points.Select(p => Math.Log10(Math.Max(p.StateError, 1e-6))).ToArray())), ScottPlot.Alignment.LowerRight));
        files.Add(WriteMarkdown(outDir, "summary.md", Markdown(o, tasks, models, accuracy, noise, drift)));
        return files;
    }

    private static string Pct(double v) => F(100 * v, "F2") + " %";

    private static string Markdown(S4dStudyOptions o, IReadOnlyList<S4dStudyTask> tasks, IReadOnlyDictionary<string, S4dStudy.TaskModels> models,
        IReadOnlyList<S4dStudy.AccuracyRow> accuracy, IReadOnlyList<S4dStudy.NoisePoint> noise, IReadOnlyList<S4dStudy.DriftCurve> drift)
    {
        var md = new StringBuilder();
        md.AppendLine("# S4D on crossbars (`xbar study s4d`)").AppendLine();
        md.AppendLine($"Reproduces {ImssaClaims.Citation} on Xbar's behavioral tiles. Model: linear encoder to {o.Hidden} channels, {o.Layers} S4D layer(s) of {o.Modes} complex modes " +
                      "(ZOH, S4D-Lin, learnable step per mode, dense complex B and C), ReLU, mean over time, linear decoder; Adam, lr " + F(o.LearningRate) +
                      $", batch {o.BatchSize}, seed {o.Seed}. QAT fine-tunes the float model at lr {F(o.LearningRate / 2)} with fixed ranges taken from it. " +
                      "Each S4D layer runs on one block crossbar [x_t; y_(t-1)] = [[A, B, 0], [C, 0, D]] [x_(t-1); u_t; u_(t-1)], its state fed back through DAC, crossbar and ADC every step.").AppendLine();
        md.AppendLine("| task | train / test | steps x features | epochs (float + QAT) | training time |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in tasks)
            md.AppendLine($"| {t.Title} | {t.Train.Count} / {t.Test.Count} | {t.Steps} x {t.Features} | {t.Epochs} + {t.QatEpochs} per width | {F(models[t.Name].TrainSeconds, "F0")} s (as recorded in the model files) |");
        md.AppendLine();

        md.AppendLine("## 1. Software and crossbars").AppendLine();
        md.AppendLine("| task | float, software | 2-bit QAT, software | 2-bit on RRAM | 2-bit on MTJ4 | float on RRAM (16 levels) | gap 2-bit software -> RRAM | IMSSA (2-bit) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var t in tasks)
        {
            double A(string model, string platform) => accuracy.First(r => r.Task == t.Name && r.Model == model && r.Platform == platform).Accuracy;
            string paper = t.Name == "digits-2" ? $"{Pct(ImssaClaims.TwoClassSoftware2Bit)} software, {Pct(ImssaClaims.TwoClassHardware2Bit)} hardware (Heidelberg Digits)" : "-";
            md.AppendLine($"| {t.Title} | {Pct(A("float", "software"))} | {Pct(A("2-bit QAT", "software"))} | {Pct(A("2-bit QAT", "RRAM"))} | {Pct(A("2-bit QAT", "MTJ4"))} | " +
                          $"{Pct(A("float (16 levels after training)", "RRAM"))} | {F(100 * (A("2-bit QAT", "software") - A("2-bit QAT", "RRAM")), "F2")} points | {paper} |");
        }
        var widths = accuracy.Where(r => r.Task == "digits-2" && r.Platform == "software" && r.Model.EndsWith("QAT")).ToArray();
        md.AppendLine().AppendLine("\"zero\"/\"one\" in software by weight width: " + string.Join(", ", widths.Select(r => $"{r.Model} {Pct(r.Accuracy)}")) + ".");
        md.AppendLine($"Crossbar rows use up to {o.CrossbarTestLimit} test samples (taken evenly through the test set); RRAM: the rram preset (1-25 uS, 128 x 128, 1 Ohm wire segments, " +
                      "fast IR-drop model, ideal DAC and ADC, no programming noise); MTJ4: the mtj4 preset (4-state MTJ, 64 x 64, 8-bit DAC, 8-bit column ADC with its range fitted per crossbar, " +
                      "IR drop calibrated against the nodal solver, TMR falling with bias) with uniform levels. DAC full scales and ADC ranges from a float run on 400 training sequences.").AppendLine();
        md.AppendLine("Where the 2-bit model's MTJ error comes from (each column makes one part of the MTJ crossbar ideal):").AppendLine();
        var split = accuracy.Where(r => r.Platform.StartsWith("MTJ4", StringComparison.Ordinal)).Select(r => r.Platform).Distinct().ToArray();
        md.AppendLine("| task | " + string.Join(" | ", split) + " |");
        md.AppendLine("|---|" + string.Concat(split.Select(_ => "---|")));
        foreach (var t in tasks)
            md.AppendLine($"| {t.Title} | " + string.Join(" | ", split.Select(p => Pct(accuracy.First(r => r.Task == t.Name && r.Model == "2-bit QAT" && r.Platform == p).Accuracy))) + " |");
        md.AppendLine();

        md.AppendLine("## 2. Programming-noise tolerance (\"zero\" vs \"one\", RRAM)").AppendLine();
        md.AppendLine($"Gaussian programming noise of sigma per cell (drawn once per programming, {o.NoiseSeeds.Length} seeds), on every crossbar of the model; mean (worst) test accuracy. " +
                      $"IMSSA: 2-bit weights tolerate sigma = {F(ImssaClaims.TwoBitToleratedSigmaMicroSiemens)} uS without a large loss, 5-bit weights already fail at {F(ImssaClaims.FiveBitFailingSigmaMicroSiemens)} uS.").AppendLine();
        var bitsList = noise.Select(p => p.Bits).Distinct().ToArray();
        md.AppendLine("| sigma (uS) | " + string.Join(" | ", bitsList.Select(b => $"{b}-bit ({(1 << b) - 1} levels, {1 << (b - 1)} states per cell)")) + " |");
        md.AppendLine("|---|" + string.Concat(bitsList.Select(_ => "---|")));
        foreach (var sigma in noise.Select(p => p.SigmaMicroSiemens).Distinct())
            md.AppendLine($"| {F(sigma)} | " + string.Join(" | ", bitsList.Select(b => noise.First(p => p.Bits == b && p.SigmaMicroSiemens == sigma)).Select(p => $"{Pct(p.Mean)} ({Pct(p.Worst)}), rho {F(p.Radius, "F2")}")) + " |");
        md.AppendLine();
        md.AppendLine("rho: spectral radius of the programmed state block (2 x modes square, read back from the crossbar with unit inputs), mean over seeds: above 1 the recurrence diverges. " +
                      "Programming noise lands on every cell of the block, the zeros between the modes included, and a random block of entry spread s has a radius near s sqrt(2 x modes) (circular law), " +
                      "so the recurrence is what limits the noise a crossbar S4D layer tolerates.");
        md.AppendLine();

        md.AppendLine("## 3. What the recurrence adds").AppendLine();
        md.AppendLine($"The first S4D layer alone, fed the float encoder's outputs of {o.DriftSequences} test sequences, through its crossbar against its float recurrence: " +
                      "RMS over sequences of |x_T(crossbar) - x_T(float)| over the float state's RMS over the run, mean (worst) over programming seeds. " +
                      "A state whose recurrence diverges (rho > 1) saturates where the DAC clips the fed-back state at its full scale.").AppendLine();
        var steps = new[] { 1, 2, 5, 10, 20, 50, 100 }.Where(s => drift.Count > 0 && s <= drift[0].Points.Count).ToArray();
        md.AppendLine("| model | crossbar | " + string.Join(" | ", steps.Select(s => $"T={s}")) + " |");
        md.AppendLine("|---|---|" + string.Concat(steps.Select(_ => "---|")));
        foreach (var c in drift)
            md.AppendLine($"| {c.Model} | {c.Platform} | " + string.Join(" | ", steps.Select(s => c.Points[s - 1]).Select(p => p.WorstStateError > p.StateError ? $"{F(p.StateError, "F3")} ({F(p.WorstStateError, "F3")})" : F(p.StateError, "F3"))) + " |");
        md.AppendLine();

        md.AppendLine("## What differs from the paper").AppendLine();
        md.AppendLine("- Data: synthetic espeak-ng spoken digits (98 voices, voice-disjoint split, 40 log-mel channels, 100 frames; `docs/spoken-digits.md`) instead of the Heidelberg Digits (12 real speakers); absolute accuracies are not comparable, the shapes are.");
        md.AppendLine("- Devices: IMSSA's RRAM conductance range was not found in the text available here; the issue's fallback 1-25 uS is used, so sigma in uS is relative to a 24 uS window. Uniform levels on differential pairs, one weight clip per crossbar (the QAT range of A; the other blocks through digital gains).");
        md.AppendLine("- Model and sizes: ours (above), not the paper's; ReLU instead of GELU, no normalization or residual; QAT ranges fixed when QAT starts (A_bar: 0.99/sqrt 2, so no grid point is a growing mode; B_bar, C, D and dense layers: the MSE-optimal clip of the float model's values); 2 bits = ternary.");
        md.AppendLine("- The output lags the state by one crossbar product so that the four blocks are the quantized A, B, C, D themselves (`BlockSsm`); the paper's exact layout was not checked.");
        return md.ToString();
    }
}
