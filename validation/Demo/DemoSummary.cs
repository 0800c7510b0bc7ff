namespace Xbar.Validation.Demo;

/// <summary>One row of the error split in summary.json.</summary>
/// <param name="Source">Error class: quantization, systematic, random, all.</param>
/// <param name="Model">Which tile model produced it.</param>
/// <param name="Accuracy">Test accuracy in this mode (percent).</param>
/// <param name="LayerRmse">RMSE of each layer's pre-activations against float.</param>
/// <param name="LayerRelativeRmse">The same divided by the RMS of the float pre-activations.</param>
public sealed record DemoSplitRow(string Source, string Model, double Accuracy, double[] LayerRmse, double[] LayerRelativeRmse);

/// <summary>
/// The demo's numbers, written as DIR/summary.json after every step (so a failure keeps what was
/// done; <see cref="Complete"/> tells a full run). Accuracies are in percent, rounded to 2 decimals
/// (<see cref="AccuracyUnit"/>); null = not measured (the step did not run).
/// </summary>
public sealed class DemoSummary
{
    public bool Complete { get; set; }
    public string? FailedStep { get; set; }
    public string AccuracyUnit { get; set; } = "percent";
    public double? SoftwareAcc { get; set; }
    public double? QuantizedAcc { get; set; }
    public double? BehavioralAcc { get; set; }
    public double? CircuitAcc { get; set; }
    public int TestImages { get; set; }
    public int TrainImages { get; set; }
    public int CircuitImages { get; set; }
    public double? SoftwareAccOnCircuitSubset { get; set; }
    public double? BehavioralAccOnCircuitSubset { get; set; }
    /// <summary>Percent of the circuit subset where behavioral and circuit tiles predict the same class.</summary>
    public double? CircuitBehavioralAgreement { get; set; }
    /// <summary>RMSE of behavioral logits against circuit-in-the-loop logits / range of the circuit logits, on the circuit subset.</summary>
    public double? LogitNrmseBehavioralVsCircuit { get; set; }
    public double[]? CircuitLayerRmse { get; set; }
    public double[]? BehavioralSubsetLayerRmse { get; set; }
    /// <summary>Held-out NRMSE (RMSE / output range) of the calibrated tile against nodal solves.</summary>
    public double? CalibrationNrmse { get; set; }
    public double? CalibrationNrmseUncorrected { get; set; }
    public string? CalibrationEngine { get; set; }
    public int? CalibrationHeldOutMvms { get; set; }
    public bool ModelFromCache { get; set; }
    public bool CalibrationFromCache { get; set; }
    public double Seconds { get; set; }
    public Dictionary<string, double> StepSeconds { get; set; } = [];
    public int Seed { get; set; }
    public string? Dataset { get; set; }
    public string? Network { get; set; }
    public string? Tile { get; set; }
    public int? TilesPerNetwork { get; set; }
    public int TileRows { get; set; }
    public int TileCols { get; set; }
    public double[]? LayerInputMax { get; set; }
    /// <summary>How each layer's weight clip was chosen (max |w| or MSE-optimal) and the clips, with each layer's max |w|.</summary>
    public string? WeightClipRule { get; set; }
    public double[]? LayerWeightClip { get; set; }
    public double[]? LayerMaxAbsWeight { get; set; }
    /// <summary>How the tiles' uniform column ADC is ranged, and each layer's fitted full scale as a fraction of the worst case.</summary>
    public string? AdcRange { get; set; }
    public double[]? LayerAdcRangeFraction { get; set; }
    /// <summary>The calibrated behavioral tiles with the other clip rule (whole test set), to show how much of the gap the clip decides.</summary>
    public string? OtherWeightClipRule { get; set; }
    public double? BehavioralOtherClipAcc { get; set; }
    public List<DemoSplitRow> ErrorSplit { get; set; } = [];
    public string? FlashAdcNote { get; set; }
    /// <summary>Behavioral tiles with the SPICE-measured column ADC thresholds (output.flash), whole test set.</summary>
    public double? BehavioralSpiceAdcAcc { get; set; }
    /// <summary>Behavioral tiles with the same fixed-full-scale flash ADC at ideal thresholds, whole test set.</summary>
    public double? BehavioralIdealFlashAcc { get; set; }
    /// <summary>What was measured: bits, full scale, LSB, max |INL| and |DNL|.</summary>
    public string? ColumnAdc { get; set; }
    public bool ColumnAdcFromCache { get; set; }
    /// <summary>Behavioral tiles with one SPICE-characterized column ADC per layer, its full scale fitted to the layer's training-set partial sums (whole test set).</summary>
    public double? BehavioralSpiceAdcPerLayerAcc { get; set; }
    /// <summary>The per-layer full scales (A) of those converters.</summary>
    public double[]? ColumnAdcLayerFullScaleAmps { get; set; }
    /// <summary>max |INL| of the measured thresholds (LSB).</summary>
    public double? ColumnAdcInlLsb { get; set; }
    /// <summary>max |DNL| of the measured thresholds (LSB).</summary>
    public double? ColumnAdcDnlLsb { get; set; }
    public double PaperSoftwareAcc { get; set; } = 97.56;
    public double PaperHardwareAcc { get; set; } = 94.48;


    /// <summary>Percent with 2 decimals from a fraction.</summary>
    public static double Percent(double fraction) => Math.Round(100 * fraction, 2);

    /// <summary>Writes the JSON atomically (temp file, then move), so a reader never sees half a file.</summary>
    public void Write(string path) => SummaryJson.Write(path, this);

    public static DemoSummary Read(string path) => SummaryJson.Read<DemoSummary>(path);
}
