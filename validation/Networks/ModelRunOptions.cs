using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Validation.Demo;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Networks;

/// <summary>Settings of <c>xbar run</c>: which model, tile, data and preprocessing.</summary>
public sealed record ModelRunOptions
{
    /// <summary>The ONNX model.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The tile every weight layer runs on.</summary>
    public required TileConfig Tile { get; init; }

    /// <summary>Calibration of the tile's IR-drop model (must match the config), or none.</summary>
    public TileCalibration? Calibration { get; init; }

    /// <summary>IDX data set folder (null = the shipped mnist10k); the test set is run, the training set sets the per-layer ranges.</summary>
    public string? DataDir { get; init; }

    public string OutDir { get; init; } = Path.Combine("out", "run");

    public ImagePreprocessing Preprocessing { get; init; } = new();

    /// <summary>Run only the first N test images (null = all).</summary>
    public int? Limit { get; init; }

    /// <summary>Training images the per-layer ranges (DAC full scale, ADC range) are measured on.</summary>
    public int RangeImages { get; init; } = 500;

    /// <summary>Images per executor call.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Seed of the tile draws.</summary>
    public int Seed { get; init; } = 1;

    public WeightClipRule WeightClip { get; init; } = WeightClipRule.MinimumMse;

    public ColumnAdcRange AdcRange { get; init; } = ColumnAdcRange.Layer;

    /// <summary>Share of a layer's (a slice's) training-set tile partial sums its fitted column ADC range holds (1 = the largest).</summary>
    public double AdcQuantile { get; init; } = MeasuredLayerSettings.AdcRangeQuantile;

    /// <summary>Bits per cell for bit-sliced weights (<see cref="CellSlicing.Resolve"/>); null with <see cref="WeightBits"/> null = the whole weight on each cell.</summary>
    public int? CellBits { get; init; }

    /// <summary>Magnitude bits of a sliced weight (default <see cref="CellSlicing.DefaultWeightBits"/> when <see cref="CellBits"/> is given).</summary>
    public int? WeightBits { get; init; }

    /// <summary>The cells the weights land on: <see cref="Tile"/>, sliced as <see cref="CellBits"/> and <see cref="WeightBits"/> say.</summary>
    public CellSlicing Cells => CellSlicing.Resolve(Tile, CellBits, WeightBits);

    /// <summary>Test images per stored chunk: the unit of sharding and of resuming (see <see cref="ModelRunChunks"/>).</summary>
    public int ChunkImages { get; init; } = 256;

    /// <summary>The chunks this process computes (null = all of them).</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the bad option.</summary>
    public ModelRunOptions Validate()
    {
        if (Limit is < 1) throw new InvalidInputException($"--limit must be at least 1 (got {Limit})");
        if (RangeImages < 1) throw new InvalidInputException($"--range-images must be at least 1 (got {RangeImages})");
        if (ChunkImages < 1) throw new InvalidInputException($"--chunk-images must be at least 1 (got {ChunkImages})");
        if (!(AdcQuantile > 0 && AdcQuantile <= 1)) throw new InvalidInputException($"--adc-quantile must be in (0, 1] (got {AdcQuantile})");
        _ = Cells; // --cell-bits / --weight-bits against the tile's cells
        if (Batch < 1) throw new InvalidInputException($"--batch must be at least 1 (got {Batch})");
        if (string.IsNullOrWhiteSpace(OutDir)) throw new InvalidInputException("--out: empty folder name");
        Preprocessing.Validate();
        return this;
    }
}
