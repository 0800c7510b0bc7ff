using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MathNet.Numerics.Distributions;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>What one column-ADC characterization measured.</summary>
/// <param name="Thresholds">The export for the tile's flash ADC (unit A: nominal thresholds, measured offsets, ideal levels).</param>
/// <param name="MeasuredTrips">Measured trip currents (A), comparator 0..M-1.</param>
/// <param name="LsbAmps">Ideal LSB (A) = 2 I_FS / 2^b.</param>
/// <param name="MaxAbsInlLsb">max_k |T_k - T_k,ideal| / LSB.</param>
/// <param name="MaxAbsDnlLsb">max_k |(T_k+1 - T_k) / LSB - 1|.</param>
/// <param name="Seconds">Wall time of the ngspice sweep and the analysis.</param>
/// <param name="DrawnOffsetsVolts">The comparator offsets drawn (V at the comparator input), comparator 0..M-1.</param>
/// <param name="DrawnLadderFactors">The ladder segment factors drawn (1 + mismatch), segment 0..M.</param>
public sealed record ColumnAdcResult(FlashAdcThresholds Thresholds, double[] MeasuredTrips, double LsbAmps,
    double MaxAbsInlLsb, double MaxAbsDnlLsb, double FeedbackOhm, double FullScaleAmps, int SweepPoints, double Seconds,
    double[] DrawnOffsetsVolts, double[] DrawnLadderFactors);

/// <summary>
/// Characterizes the behavioral tile's output converter in ngspice: a signed column(-pair) current
/// I into the TIA's virtual-ground summing node (<see cref="TiaDesign"/>, op-amp macro-model with its
/// input offset), V_TIA = -I R_f; an inverting level shifter to mid-scale (ideal, V_adc = V_FS - V_TIA,
/// so -I_FS..+I_FS maps onto 0..2 V_FS, the flash ladder's range) and a b-bit flash ADC
/// (<see cref="FlashAdcDesign"/>/<see cref="FlashAdcNetlist"/>: 2^b - 1 tanh comparators on a resistor
/// ladder) whose ideal thresholds are those of the tile's uniform mid-rise ADC over [-I_FS, I_FS]
/// (<see cref="FlashAdcThresholds.Uniform"/>, scaled by R_f). Comparator offsets (sigma, V) and ladder
/// segment mismatch (sigma, relative) are drawn from a seed (<see cref="ReadVariability"/> defaults:
/// 1 mV, 0.5 %). Trip points are measured with ONE ngspice DC sweep of the input current (the trip
/// point of a static comparator is a DC property; the output pole only delays it), each comparator's
/// trip being the linear interpolation of where its output crosses V_DD/2. The tile's flash ADC
/// compares the column current itself when the config has no TIA (Adc.cs/TileReadout.cs), so the
/// export is in amperes: nominal thresholds, offsets = measured - nominal, levels = the ideal
/// reconstruction levels the digital back end assumes.
/// </summary>
public static class ColumnAdcCharacterization
{
    /// <summary>TIA output full scale (V): within the op-amp macro-model's +-0.45 V swing.</summary>
    public const double TiaFullScaleVolts = 0.4;

    /// <summary>
    /// The largest |column-pair current| a tile can produce (A): rows x V_read x (G_P - G_AP(V_read)),
    /// every input at full scale on a pair at full contrast. For MTJ cells the TMR falls with bias as
    /// TMR(V) = TMR0 / (1 + (V/V_h)^2) (the bias dependence used by the devices model, Moureaux 2026);
    /// other devices use G_max - G_min. A fixed hardware converter needs one full scale for every tile,
    /// unlike the behavioral uniform ADC that scales to each tile's programmed maximum.
    /// </summary>
    public static double FullScaleCurrent(TileConfig config) => Xbar.Behavioral.Networks.LayerRanges.WorstCaseColumnCurrent(config);

    /// <param name="bits">ADC resolution, 1..8.</param>
    /// <param name="fullScaleAmps">I_FS (A): the ADC spans [-I_FS, I_FS].</param>
    /// <param name="seed">Seed of the offset and mismatch draws.</param>
    /// <param name="variability">Comparator offset and ladder mismatch sigmas (default <see cref="ReadVariability"/>'s).</param>
    /// <param name="amplifier">TIA op-amp (default macro-model, 1 mV input offset).</param>
    /// <param name="pointsPerLsb">DC sweep resolution: a trip point is the linear interpolation between the two sweep
    /// points around its crossing, so it is exact to within half a step, 1 / (2 pointsPerLsb) LSB.</param>
    public static ColumnAdcResult Characterize(int bits, double fullScaleAmps, int seed, ReadVariability? variability = null,
        OpAmpMacroModel? amplifier = null, int pointsPerLsb = 16, NgspiceEngine? engine = null)
    {
        FlashAdcDesign.ValidateBits(bits);
        if (!(fullScaleAmps > 0) || !double.IsFinite(fullScaleAmps))
            throw new InvalidInputException($"full scale current must be a positive number of amperes, got {fullScaleAmps}.");
        if (pointsPerLsb < 2) throw new InvalidInputException($"pointsPerLsb must be >= 2, got {pointsPerLsb}.");
        variability ??= new ReadVariability();
        var clock = Stopwatch.StartNew();
        double rf = TiaFullScaleVolts / fullScaleAmps;
        var ideal = FlashAdcThresholds.Uniform(bits, fullScaleAmps, "A");
        int m = ideal.Thresholds.Length;
        var adc = new FlashAdcDesign(bits, ideal.Thresholds.Select(t => TiaFullScaleVolts + t * rf).ToArray());
        var tia = new TiaDesign(rf, amplifier);

        var rng = new Random(seed);
        var offsets = new double[m];
        var ladder = new double[m + 1];
        for (int k = 0; k < m; k++) offsets[k] = variability.ComparatorOffsetSigma * Normal.Sample(rng, 0, 1);
        for (int k = 0; k <= m; k++) ladder[k] = Math.Max(0.01, 1 + variability.LadderMismatchSigma * Normal.Sample(rng, 0, 1));

        var sb = new StringBuilder();
        sb.AppendLine("* xbar column ADC characterization (TIA + level shift + flash, DC sweep)");
        sb.AppendLine("Iin 0 bl 0");
        sb.AppendLine("Rbl bl 0 1e12");
        tia.Append(sb, "tia", "bl", "out", 1e-15);
        sb.AppendLine($"Bsh adcin 0 V = {N(TiaFullScaleVolts)} - V(out)");
        var parts = FlashAdcNetlist.Append(sb, adc, "adc", "adcin", offsets, ladder);
        foreach (var chunk in parts.RawOutputs.Chunk(20)) sb.AppendLine(".save " + string.Join(' ', chunk));
        double lsb = 2 * fullScaleAmps / (1 << bits);
        double span = fullScaleAmps + 2 * lsb;
        double step = lsb / pointsPerLsb;
        sb.AppendLine(".options noacct");
        sb.AppendLine($".dc Iin {N(-span)} {N(span)} {N(step)}");
        sb.AppendLine(".end");

        bool own = engine is null;
        engine ??= new NgspiceEngine(1);
        SweepResult dc;
        try
        {
            dc = engine.RunText(sb.ToString(), new SimulationOptions { Timeout = TimeSpan.FromMinutes(5) }).DcSweep;
        }
        finally
        {
            if (own) engine.Dispose();
        }
        var current = dc.Sweep;
        double half = adc.Comparator.LogicThreshold;
        var trips = new double[m];
        for (int k = 0; k < m; k++)
        {
            var v = dc.Vector(parts.RawOutputs[k]);
            trips[k] = double.NaN;
            for (int i = 1; i < v.Count; i++)
                if (v[i - 1] < half && v[i] >= half)
                {
                    trips[k] = current[i - 1] + (half - v[i - 1]) / (v[i] - v[i - 1]) * (current[i] - current[i - 1]);
                    break;
                }
            if (double.IsNaN(trips[k]))
                throw new InvalidInputException($"comparator {k} never tripped within +-{span} A: the drawn offset or mismatch is outside the sweep.");
        }
        var (inl, dnl) = Linearity(ideal.Thresholds, trips, lsb);
        var export = new FlashAdcThresholds(ideal.Thresholds, trips.Select((t, k) => t - ideal.Thresholds[k]).ToArray(), ideal.Levels, "A");
        export.Validate("flash");
        return new ColumnAdcResult(export, trips, lsb, inl, dnl, rf, fullScaleAmps, current.Count, clock.Elapsed.TotalSeconds, offsets, ladder);
    }

    /// <summary>max |INL| and max |DNL| in LSB of measured trip points against the ideal ones (endpoints not refitted).</summary>
    public static (double MaxAbsInl, double MaxAbsDnl) Linearity(IReadOnlyList<double> ideal, IReadOnlyList<double> trips, double lsb)
    {
        double inl = 0, dnl = 0;
        for (int k = 0; k < trips.Count; k++)
        {
            inl = Math.Max(inl, Math.Abs(trips[k] - ideal[k]) / lsb);
            if (k > 0) dnl = Math.Max(dnl, Math.Abs((trips[k] - trips[k - 1]) / lsb - 1));
        }
        return (inl, dnl);
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions Json => TileConfigJson.Options;

    /// <summary>Writes the thresholds JSON (the behavioral <c>output.flash</c> schema).</summary>
    public static void Save(string path, FlashAdcThresholds thresholds) =>
        File.WriteAllText(path, JsonSerializer.Serialize(thresholds, Json));

    /// <summary>Reads a thresholds JSON written by <see cref="Save"/>; InvalidInputException when damaged.</summary>
    public static FlashAdcThresholds Load(string path)
    {
        try
        {
            var t = JsonSerializer.Deserialize<FlashAdcThresholds>(File.ReadAllText(path), Json)
                    ?? throw new InvalidInputException($"{path}: empty thresholds file");
            t.Validate(path);
            return t;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}");
        }
    }

    /// <summary>One line for reports.</summary>
    public static string Describe(ColumnAdcResult r, int bits, int seed) => string.Create(CultureInfo.InvariantCulture,
        $"{bits}-bit column flash ADC (TIA R_f {r.FeedbackOhm:F0} Ohm, full scale +-{r.FullScaleAmps * 1e6:F2} uA, LSB {r.LsbAmps * 1e9:F1} nA, seed {seed}): " +
        $"max |INL| {r.MaxAbsInlLsb:F3} LSB, max |DNL| {r.MaxAbsDnlLsb:F3} LSB, {r.SweepPoints} DC points in {r.Seconds:F1} s");
}
