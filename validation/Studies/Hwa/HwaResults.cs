namespace Xbar.Validation.Studies.Hwa;

/// <summary>
/// Every accuracy of the study (fractions), by model and tile point, one per seed read, with the
/// losses and recoveries the report is built from. Losses are in points (percent of the test set).
/// </summary>
/// <param name="classes">Classes of the data set: chance level is one over it.</param>
public sealed class HwaResults(IReadOnlyList<HwaModel> models, IReadOnlyList<HwaTilePoint> points,
    IReadOnlyDictionary<string, double> floatAccuracy, IReadOnlyDictionary<(string Model, string Point), double[]> tileAccuracy, int classes)
{
    /// <summary>Below this many points a loss is too small (a few test images) for a share of it to mean anything.</summary>
    public const double MeasurableLoss = 0.5;

    public IReadOnlyList<HwaModel> Models { get; } = models;

    /// <summary>Accuracy of guessing (fraction): 1 / classes.</summary>
    public double Chance { get; } = 1.0 / classes;

    /// <summary>
    /// True when <paramref name="m"/> on <paramref name="p"/> is within 1.5x chance: the tile has destroyed the network,
    /// and a loss measured there is the whole accuracy, not a share a fine-tune could recover (our threshold).
    /// </summary>
    public bool NearChance(HwaModel m, HwaTilePoint p) => Mean(m, p) < 1.5 * Chance;
    public IReadOnlyList<HwaTilePoint> Points { get; } = points;

    public double Float(HwaModel m) => floatAccuracy[m.Key];

    /// <summary>The accuracies of every seed read on a point.</summary>
    public double[] Tile(HwaModel m, HwaTilePoint p) => tileAccuracy[(m.Key, p.Key)];

    public double Mean(HwaModel m, HwaTilePoint p) => Tile(m, p).Average();
    public double Worst(HwaModel m, HwaTilePoint p) => Tile(m, p).Min();

    public HwaModel Plain => Models.First(m => m.Kind == HwaModelKind.Plain);
    public HwaModel Noise => Models.First(m => m.Kind == HwaModelKind.Noise);

    public IEnumerable<HwaTilePoint> Of(HwaTileKind kind) => Points.Where(p => p.Kind == kind);

    /// <summary>Points lost on a PCM tile (programming and read noise, drift, DAC and ADC; ideal wires): float minus the mean over seeds.</summary>
    public double PcmLoss(HwaModel m, HwaTilePoint pcm) => 100 * (Float(m) - Mean(m, pcm));

    /// <summary>The PCM loss averaged over the read times.</summary>
    public double PcmLoss(HwaModel m) => Of(HwaTileKind.Pcm).Average(p => PcmLoss(m, p));

    /// <summary>Points lost on MTJ tiles with ideal wires (4 levels, DAC and ADC).</summary>
    public double LevelLoss(HwaModel m, int size) => 100 * (Float(m) - Mean(m, Mtj(HwaTileKind.MtjIdealWires, size)));

    /// <summary>Points lost to IR drop alone: MTJ tiles with ideal wires minus the same tiles with wire resistance.</summary>
    public double IrLoss(HwaModel m, int size) => 100 * (Mean(m, Mtj(HwaTileKind.MtjIdealWires, size)) - Mean(m, Mtj(HwaTileKind.MtjIrDrop, size)));

    public HwaTilePoint Mtj(HwaTileKind kind, int size) => Points.First(p => p.Kind == kind && (int)p.Size == size);

    public IEnumerable<int> MtjSizes => Of(HwaTileKind.MtjIrDrop).Select(p => (int)p.Size);

    /// <summary>Share of the plain model's loss that <paramref name="m"/> removes, 1 - loss(m) / loss(plain); null when the plain loss is not measurable.</summary>
    public static double? Recovery(double plainLoss, double loss) => plainLoss < MeasurableLoss ? null : 1 - loss / plainLoss;
}
