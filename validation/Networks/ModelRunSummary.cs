namespace Xbar.Validation.Networks;

/// <summary>
/// What <c>xbar run</c> measured, written as OUT/summary.json after the float run and again after the
/// tile run. Accuracies and agreement in percent (2 decimals); null = not measured (no labels that
/// match the model's outputs, or the step did not finish).
/// </summary>
public sealed class ModelRunSummary
{
    public bool Complete { get; set; }
    public string? Model { get; set; }
    public string? Graph { get; set; }
    public string? Dataset { get; set; }
    public string? Preprocessing { get; set; }
    public int Images { get; set; }
    public int OutputsPerImage { get; set; }
    public string? Tile { get; set; }
    public string? TileGeometry { get; set; }
    public int? Tiles { get; set; }
    public int[]? LayerTiles { get; set; }
    /// <summary>Top-1 accuracy of the float executor (percent), when the model has one output per label class.</summary>
    public double? FloatAcc { get; set; }
    /// <summary>Top-1 accuracy through the tiles (percent).</summary>
    public double? TileAcc { get; set; }
    /// <summary>Percent of images where float and tiles predict the same class (arg-max of the outputs).</summary>
    public double? Agreement { get; set; }
    /// <summary>Mean over images of the cosine similarity of tile and float outputs.</summary>
    public double? CosineSimilarity { get; set; }
    /// <summary>The smallest per-image cosine similarity.</summary>
    public double? MinCosineSimilarity { get; set; }
    /// <summary>RMSE of tile against float outputs over the range (max - min) of the float outputs.</summary>
    public double? Nrmse { get; set; }
    public string? WeightClipRule { get; set; }
    public string? AdcRange { get; set; }
    public double[]? LayerInputMax { get; set; }
    public double[]? LayerWeightClip { get; set; }
    public double[]? LayerAdcRangeFraction { get; set; }
    /// <summary>Bit-sliced weights: how (null = the whole weight on each cell).</summary>
    public string? Slicing { get; set; }
    /// <summary>Bit-sliced weights: the fitted ADC range of every layer, one row per slice (least significant first), as a share of the worst-case column current.</summary>
    public double[][]? SliceAdcRangeFraction { get; set; }
    public int RangeImages { get; set; }
    public Dictionary<string, double> StepSeconds { get; set; } = [];
    public int Seed { get; set; }

    /// <summary>Writes the JSON atomically (temp file, then move).</summary>
    public void Write(string path) => SummaryJson.Write(path, this);

    public static ModelRunSummary Read(string path) => SummaryJson.Read<ModelRunSummary>(path);
}
