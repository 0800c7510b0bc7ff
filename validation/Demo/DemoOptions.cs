using System.Globalization;

namespace Xbar.Validation.Demo;

/// <summary>
/// Settings of <c>xbar demo</c>, the main job: MNIST through 4-state MTJ crossbar tiles in the
/// manner of Moureaux et al. 2026 (a 4x4 array of 4-state MTJs, MNIST 94.48 % against 97.56 % in
/// software, PCA narrowing the gap). Defaults are the demo's; tests shrink them.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>Output folder (report.md, figures, summary.json, cache/).</summary>
    public string OutDir { get; init; } = Path.Combine("out", "demo");

    /// <summary>IDX dataset folder; null = the shipped mnist10k (fixed split: first 8,000 train, last 2,000 test).</summary>
    public string? DataDir { get; init; }

    /// <summary>Seed of training (weights, batch order), of the tile draws and of the calibration.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Test images run circuit-in-the-loop (every tile MVM an exact nodal solve); the first ones of the test set.</summary>
    public int CircuitImages { get; init; } = 2000;

    /// <summary>Retrain and recalibrate even when DIR/cache holds matching results.</summary>
    public bool Retrain { get; init; }

    /// <summary>PCA components in front of the network (Moureaux 2026 use PCA to shrink the first layer).</summary>
    public int PcaComponents { get; init; } = 64;

    /// <summary>Hidden ReLU layer sizes.</summary>
    public int[] Hidden { get; init; } = [128];

    public int Epochs { get; init; } = 20;
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Use at most this many training images (null = all).</summary>
    public int? TrainImages { get; init; }

    /// <summary>Use at most this many test images (null = all).</summary>
    public int? TestImages { get; init; }

    /// <summary>
    /// Physical array rows (word lines) of the MTJ tile. Default 4 with 8 columns: the 4x4 weight
    /// array of Moureaux 2026 (each weight a differential pair of cells). 64 (with columns null) is
    /// the mtj4 preset's 64x64 array, where IR drop at 1 Ohm per segment matters.
    /// </summary>
    public int ArraySize { get; init; } = 4;

    /// <summary>Physical array columns (bit lines); null = <see cref="ArraySize"/>. A differential pair uses two, so 4 x 8 cells hold 4 x 4 weights.</summary>
    public int? ArrayCols { get; init; } = 8;

    /// <summary>Random circuit-solved MVMs used to calibrate (fit + held out).</summary>
    public int CalibrationSamples { get; init; } = 96;

    /// <summary>
    /// Moureaux 2026 error classes in Ohm: systematic per-state offset sigma_NL and random per-cell
    /// offset sigma_perp (50 Ohm each, the values the reference MTJ tile of behavioral/Networks uses).
    /// </summary>
    public double SigmaNlOhm { get; init; } = 50;
    public double SigmaPerpOhm { get; init; } = 50;

    /// <summary>
    /// How each layer's weight clip (the |w| on the top MTJ state) is chosen: MSE-optimal by default
    /// (see <see cref="Xbar.Behavioral.Mapping.WeightClipRule.MinimumMse"/>), or the layer's max |w|.
    /// A digital scale, so it is outside the calibration's physics hash.
    /// </summary>
    public Xbar.Behavioral.Mapping.WeightClipRule WeightClip { get; init; } = Xbar.Behavioral.Mapping.WeightClipRule.MinimumMse;

    /// <summary>
    /// Full scale of each tile's uniform column ADC: fitted per layer (the range that holds 99.9 % of
    /// the layer's training-set tile partial sums, default) or each tile's own worst-case output
    /// (never saturates, but a large array then spends few codes on typical outputs).
    /// </summary>
    public ColumnAdcRange AdcRange { get; init; } = ColumnAdcRange.Layer;

    /// <summary>Throws InvalidInputException naming the bad option.</summary>
    public DemoOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDir)) throw new InvalidInputException("--out: empty folder name");
        if (CircuitImages < 0) throw new InvalidInputException($"--circuit-images must be >= 0 (got {CircuitImages})");
        if (PcaComponents < 0) throw new InvalidInputException($"PCA components must be >= 0 (got {PcaComponents})");
        if (Hidden.Any(h => h < 1)) throw new InvalidInputException("hidden layer sizes must be positive");
        if (Epochs < 1) throw new InvalidInputException($"epochs must be >= 1 (got {Epochs})");
        if (TrainImages is < 10) throw new InvalidInputException($"train images must be >= 10 (got {TrainImages})");
        if (TestImages is < 1) throw new InvalidInputException($"test images must be >= 1 (got {TestImages})");
        if (ArraySize is < 2 or > 256) throw new InvalidInputException($"--array must be 2..256 rows (got {ArraySize})");
        if (ArrayCols is < 2 or > 512) throw new InvalidInputException($"--array-cols must be 2..512 (got {ArrayCols})");
        if (CalibrationSamples < 4) throw new InvalidInputException($"calibration samples must be >= 4 (got {CalibrationSamples})");
        if (!(SigmaNlOhm >= 0) || !(SigmaPerpOhm >= 0)) throw new InvalidInputException("sigma_NL and sigma_perp must be >= 0 Ohm");
        return this;
    }

    /// <summary>The training settings as a cache key: a cached model is reused only when all of them match.</summary>
    public string ModelKey(string dataDescription) => string.Create(CultureInfo.InvariantCulture,
        $"seed={Seed};pca={PcaComponents};hidden={string.Join("-", Hidden)};epochs={Epochs};lr={LearningRate:R};train={TrainImages?.ToString(CultureInfo.InvariantCulture) ?? "all"};data={dataDescription}");
}

/// <summary>How the demo ranges each tile's uniform column ADC (<see cref="DemoOptions.AdcRange"/>).</summary>
public enum ColumnAdcRange
{
    /// <summary>One full scale per layer, fitted to the layer's training-set tile partial sums.</summary>
    Layer,

    /// <summary>Each tile's largest possible output (every input at full scale).</summary>
    Tile,
}
