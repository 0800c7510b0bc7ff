using System.Text;
using Xbar.Behavioral.Calibration;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>The study's outputs: hwa.csv (every read), hwa-summary.csv (mean and worst), two PNGs and hwa.md (tables, the loss split, the verdict on Luquin et al.'s claim).</summary>
public static class HwaReport
{
    public static (string Markdown, IReadOnlyList<string> Files) Write(HwaStudyOptions o, string dataDescription, HwaResults r,
        IReadOnlyDictionary<string, string> modelDescriptions, IReadOnlyDictionary<string, TileCalibration> calibrations, string outDir)
    {
        var files = new List<string>
        {
            WriteCsv(outDir, "hwa.csv", "model,tile,kind,size,seed_index,accuracy,float_accuracy",
                from m in r.Models from p in r.Points from x in r.Tile(m, p).Select((a, i) => (a, i))
                select $"{m.Key},{p.Key},{p.Kind},{F(p.Size)},{x.i},{F(x.a)},{F(r.Float(m))}"),
            WriteCsv(outDir, "hwa-summary.csv", "model,tile,reads,mean_accuracy,worst_accuracy,float_accuracy,loss_points",
                from m in r.Models from p in r.Points
                select $"{m.Key},{p.Key},{r.Tile(m, p).Length},{F(r.Mean(m, p))},{F(r.Worst(m, p))},{F(r.Float(m))},{F(100 * (r.Float(m) - r.Mean(m, p)))}"),
        };
        var pcm = r.Of(HwaTileKind.Pcm).ToArray();
        if (pcm.Length > 0)
            files.Add(LinePlot(outDir, "hwa-pcm.png", "Accuracy on PCM tiles (ideal wires) after programming, mean over seeds",
                "log10(time after programming / s)", "test accuracy (%)",
                r.Models.Select(m => (m.Label, pcm.Select(p => Math.Log10(p.Size)).ToArray(), pcm.Select(p => 100 * r.Mean(m, p)).ToArray())),
                ScottPlot.Alignment.LowerLeft));
        var sizes = r.MtjSizes.ToArray();
        if (sizes.Length > 0)
            files.Add(LinePlot(outDir, "hwa-mtj.png", $"Accuracy on 4-state MTJ tiles, ideal wires and {F(o.WireROhm)} Ohm (IR drop)",
                "tile rows = columns", "test accuracy (%)",
                r.Models.SelectMany(m => new[]
                {
                    ($"{m.Label}, ideal wires", sizes.Select(n => (double)n).ToArray(), sizes.Select(n => 100 * r.Mean(m, r.Mtj(HwaTileKind.MtjIdealWires, n))).ToArray()),
                    ($"{m.Label}, IR drop", sizes.Select(n => (double)n).ToArray(), sizes.Select(n => 100 * r.Mean(m, r.Mtj(HwaTileKind.MtjIrDrop, n))).ToArray()),
                }), ScottPlot.Alignment.LowerLeft));
        string md = Markdown(o, dataDescription, r, modelDescriptions, calibrations);
        files.Add(WriteMarkdown(outDir, "hwa.md", md));
        return (md, files);
    }

    private static string P(double fraction) => F(100 * fraction, "F2");

    private static string Pts(double points) => F(points, "F2");

    private static string Share(double? share) => share is { } s ? F(100 * s, "F0") + " %" : "n/a";

    private static string Markdown(HwaStudyOptions o, string data, HwaResults r, IReadOnlyDictionary<string, string> descriptions,
        IReadOnlyDictionary<string, TileCalibration> calibrations)
    {
        var md = new StringBuilder();
        var pcm = r.Of(HwaTileKind.Pcm).ToArray();
        var sizes = r.MtjSizes.ToArray();
        int seeds = o.Seeds.Length;
        md.AppendLine("# Hardware-aware training on PCM and MTJ tiles (`xbar study hwa`)").AppendLine();
        md.AppendLine($"Data: {data}. Network: ResNet-8 (width {o.Width}, 2x2 max pool after the stem) of `xbar train fashion-cnn`; " +
                      $"exported to the graph engine with batch norm kept as a digital per-channel scale after the ADC for every model. " +
                      $"Tile reads: PCM tiles once per seed ({seeds} seeds: mean and worst), tiles without random draws once. " +
                      $"Per-layer DAC full scale, weight clip (MSE-optimal, or the QAT range) and ADC full scale (99.9 % of the tile partial sums) measured on {o.RangeImages} training images.")
            .AppendLine();
        md.AppendLine("Models:").AppendLine();
        foreach (var m in r.Models) md.AppendLine($"- **{m.Label}**: {descriptions[m.Key]}");
        md.AppendLine();
        md.AppendLine("Tiles:").AppendLine();
        foreach (var p in r.Points.GroupBy(p => p.Kind).Select(g => g.First()))
            md.AppendLine($"- {Kind(p.Kind)}: {p.Config.Citation}");
        foreach (var (name, c) in calibrations)
            md.AppendLine($"- calibration of {name}: {c.Engine}, held-out NRMSE {F(100 * c.HeldOutNrmse, "F3")} % of the output range (uncorrected {F(100 * c.HeldOutNrmseUncorrected, "F3")} %)");
        md.AppendLine();

        md.AppendLine("## Test accuracy (%)").AppendLine();
        md.AppendLine("PCM columns: mean over seeds (worst).").AppendLine();
        var header = new List<string> { "model", "float" };
        header.AddRange(r.Points.Select(p => p.Label));
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var m in r.Models)
            md.AppendLine($"| {m.Label} | {P(r.Float(m))} | " + string.Join(" | ", r.Points.Select(p =>
                r.Tile(m, p).Length > 1 ? $"{P(r.Mean(m, p))} ({P(r.Worst(m, p))})" : P(r.Mean(m, p)))) + " |");
        md.AppendLine();

        md.AppendLine("## Where the accuracy goes (points lost)").AppendLine();
        md.AppendLine("Read noise and ADC quantization: float minus PCM tiles with ideal wires (programming noise, 1/f read noise, drift with global " +
                      "compensation, 8-bit DAC and ADC). Levels and ADC: float minus MTJ tiles with ideal wires (4 uniform levels, 8-bit DAC and ADC). " +
                      $"IR drop: MTJ tiles with ideal wires minus the same tiles with {F(o.WireROhm)} Ohm per wire segment (calibrated behavioral tile).").AppendLine();
        var lossHeader = pcm.Select(p => $"noise+ADC, {p.Label}").Concat(sizes.Select(n => $"levels+ADC, MTJ {n}")).Concat(sizes.Select(n => $"IR drop, MTJ {n}")).ToList();
        md.AppendLine("| model | " + string.Join(" | ", lossHeader) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", lossHeader.Count)));
        foreach (var m in r.Models)
            md.AppendLine($"| {m.Label} | " + string.Join(" | ",
                pcm.Select(p => Pts(r.PcmLoss(m, p))).Concat(sizes.Select(n => Pts(r.LevelLoss(m, n)))).Concat(sizes.Select(n => Pts(r.IrLoss(m, n))))) + " |");
        md.AppendLine();

        md.AppendLine("## Share of the plain model's loss each fine-tune removes").AppendLine();
        md.AppendLine($"1 - loss(model) / loss(plain); n/a where the plain model loses less than {F(HwaResults.MeasurableLoss)} points.").AppendLine();
        var plain = r.Plain;
        var shareHeader = new List<string> { "noise+ADC (PCM, mean over times)" };
        shareHeader.AddRange(sizes.Select(n => $"levels+ADC, MTJ {n}"));
        shareHeader.AddRange(sizes.Select(n => $"IR drop, MTJ {n}"));
        md.AppendLine("| model | " + string.Join(" | ", shareHeader) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", shareHeader.Count)));
        foreach (var m in r.Models.Where(m => m.Kind != HwaModelKind.Plain))
        {
            var cells = new List<string> { pcm.Length > 0 ? Share(HwaResults.Recovery(r.PcmLoss(plain), r.PcmLoss(m))) : "n/a" };
            cells.AddRange(sizes.Select(n => Share(HwaResults.Recovery(r.LevelLoss(plain, n), r.LevelLoss(m, n)))));
            cells.AddRange(sizes.Select(n => Share(HwaResults.Recovery(r.IrLoss(plain, n), r.IrLoss(m, n)))));
            md.AppendLine($"| {m.Label} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();

        md.AppendLine($"## Beside {LuquinClaims.Citation}").AppendLine();
        md.AppendLine($"- Their setup: {LuquinClaims.Setup}.");
        md.AppendLine($"- Their claim: {LuquinClaims.Claim}; because {LuquinClaims.Reason}; {LuquinClaims.Outlook}.");
        md.AppendLine("- Their numbers: only the abstract was available here, so the comparison is of the shape, not of figures.");
        md.AppendLine($"- What differs: the network (a ResNet-8 CNN of width {o.Width}, not BERT/ALBERT), the data (Fashion-MNIST, not GLUE), the devices " +
                      "(PCM from the statistical model of Joshi et al. 2020 with our 256 uniform levels for program-and-verify, no IR drop on it; " +
                      $"the IR drop is measured on 4-state MTJ tiles, R_P 3.36 kOhm, at {F(o.WireROhm)} Ohm per segment, whose parallel state conducts 1/3.36 kOhm = 298 uS, 12 times PCM's 25 uS, " +
                      "so the IR drop is much stronger than on IBM's PCM tiles), our read noise (the 1/f model of Joshi et al. 2020, not their nanosecond model), " +
                      "amplitude-encoded inputs (their IR drop changes during a pulse-width integration window; ours is one static read) and our noise strengths.");
        md.AppendLine($"- **Verdict**: {Verdict(r)}");
        md.AppendLine();
        md.AppendLine("The ideal-tile column checks the pipeline: it must equal the float column.");
        return md.ToString();
    }

    /// <summary>Whether Luquin's shape holds here: noise fine-tuning removes most (at least half) of the read-noise and ADC loss, and a smaller share of the IR-drop loss.</summary>
    public static string Verdict(HwaResults r)
    {
        var plain = r.Plain;
        var noise = r.Noise;
        bool hasPcm = r.Of(HwaTileKind.Pcm).Any();
        var sizes = r.MtjSizes.ToArray();
        if (!hasPcm || sizes.Length == 0) return "not judged: the study needs PCM times and MTJ sizes.";
        var pcmShare = HwaResults.Recovery(r.PcmLoss(plain), r.PcmLoss(noise));
        // Where IR drop leaves the plain model near chance, its loss is the whole accuracy: no share to judge there.
        var irShares = sizes.Select(n => (n, chance: r.NearChance(plain, r.Mtj(HwaTileKind.MtjIrDrop, n)),
            share: r.NearChance(plain, r.Mtj(HwaTileKind.MtjIrDrop, n)) ? null : HwaResults.Recovery(r.IrLoss(plain, n), r.IrLoss(noise, n)))).ToArray();
        var text = new StringBuilder();
        text.Append($"the plain model loses {Pts(r.PcmLoss(plain))} points to read noise and ADC quantization (PCM, mean over times), the noise fine-tune {Pts(r.PcmLoss(noise))}");
        text.Append(pcmShare is { } ps ? $" ({Share(ps)} recovered); " : " (too small to judge); ");
        text.Append(string.Join("; ", irShares.Select(x =>
            $"IR drop on {x.n}x{x.n} MTJ tiles costs the plain model {Pts(r.IrLoss(plain, x.n))} points, the noise fine-tune {Pts(r.IrLoss(noise, x.n))} " +
            (x.chance ? $"(the plain model is left near chance, {P(r.Mean(plain, r.Mtj(HwaTileKind.MtjIrDrop, x.n)))} %: not judged)" : $"({Share(x.share)} recovered)"))));
        text.Append(". ");
        if (pcmShare is null || irShares.All(x => x.share is null))
            return text.Append("Inconclusive: a loss of the plain model is below the measurable level, or IR drop leaves it near chance.").ToString();
        bool most = pcmShare >= 0.5;
        bool less = irShares.Where(x => x.share is not null).All(x => x.share < pcmShare);
        text.Append(most && less ? "The expected shape holds: noise recovers most of the read-noise and ADC loss and less of the IR-drop loss."
            : !most ? "The expected shape does not hold: noise fine-tuning recovers less than half of the read-noise and ADC loss."
            : "The expected shape does not hold: noise fine-tuning recovers as much or more of the IR-drop loss.");
        var ir = r.Models.Where(m => m.Kind == HwaModelKind.IrDrop).ToArray();
        foreach (var m in ir)
        {
            int n = m.TileSize;
            double plainIr = 100 * r.Mean(plain, r.Mtj(HwaTileKind.MtjIrDrop, n)), own = 100 * r.Mean(m, r.Mtj(HwaTileKind.MtjIrDrop, n));
            text.Append($" With the tiles in the forward pass ({m.Label}) the accuracy on {n}x{n} tiles with IR drop is {F(own, "F2")} % against the plain model's {F(plainIr, "F2")} %.");
        }
        return text.ToString();
    }

    private static string Kind(HwaTileKind k) => k switch
    {
        HwaTileKind.Ideal => "ideal tile",
        HwaTileKind.Pcm => "PCM (ideal wires)",
        HwaTileKind.MtjIdealWires => "MTJ, ideal wires (mtj4's cells, uniform levels)",
        _ => "MTJ with IR drop (mtj4's cells, uniform levels)",
    };
}
