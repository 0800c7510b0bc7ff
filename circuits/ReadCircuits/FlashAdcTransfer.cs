using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Measured static transfer of one (drawn) flash ADC: the input at which each comparator trips,
/// and the differential / integral nonlinearity against the designed thresholds. Because the
/// designed references need not be uniform (they sit between the states' levels), DNL_k is the
/// measured step between trip points k and k+1 relative to the designed step, minus 1, and INL_k is
/// the trip-point error in units of the mean designed step (D_M - D_1)/(M - 1) (D_1 when M = 1).
/// </summary>
public sealed record FlashAdcTransferResult(
    IReadOnlyList<double> Designed,
    IReadOnlyList<double> Measured,
    IReadOnlyList<double> Dnl,
    IReadOnlyList<double> Inl,
    IReadOnlyList<double> Input,
    IReadOnlyList<int> Code)
{
    /// <summary>Measured minus designed trip point of each comparator (V): ladder mismatch plus comparator offset.</summary>
    public double[] Offsets => Measured.Select((t, k) => t - Designed[k]).ToArray();
}

/// <summary>
/// Measures the transfer curve of a flash ADC in ngspice: the input ramps slowly from 0 to 10 %
/// above the ladder top and each comparator's trip point is the input at which its undelayed stage
/// output crosses V_DD/2 (linear interpolation between time points), so the comparator delay does
/// not bias the result. The code-vs-input curve comes from the delayed outputs through the encoder.
/// </summary>
public static class FlashAdcTransfer
{
    public static FlashAdcTransferResult Measure(ITransientRunner runner, FlashAdcDesign adc,
        IReadOnlyList<double> offsets, IReadOnlyList<double> ladderFactors, double rampTime = 200e-9, CancellationToken ct = default)
    {
        var sb = new StringBuilder();
        double vmax = 1.1 * adc.LadderTopVoltage;
        sb.AppendLine($"Vin in 0 PWL(0 0 {N(rampTime)} {N(vmax)})");
        var parts = FlashAdcNetlist.Append(sb, adc, "a", "in", offsets, ladderFactors);
        var vectors = new List<string> { "v(in)" };
        vectors.AddRange(parts.Vectors);
        var r = runner.Run(new TransientRequest(sb.ToString(), rampTime, rampTime / 4000, vectors), ct);
        var vin = r["v(in)"];
        double th = adc.Comparator.LogicThreshold;
        var measured = new double[adc.Comparators];
        for (int k = 0; k < adc.Comparators; k++)
        {
            var raw = r[parts.RawOutputs[k]];
            measured[k] = double.NaN;
            for (int t = 1; t < raw.Length; t++)
                if (raw[t - 1] <= th && raw[t] > th)
                {
                    double f = (th - raw[t - 1]) / (raw[t] - raw[t - 1]);
                    measured[k] = vin[t - 1] + f * (vin[t] - vin[t - 1]);
                    break;
                }
            if (double.IsNaN(measured[k]))
                throw new ReadSimulationException($"Comparator {k} never tripped while the input ramped to {vmax:G4} V.");
        }
        var probes = new ReaderProbes(parts.Outputs, th, (_, _) => 0);
        var codes = ReadTransientAnalysis.Codes(r, probes);
        var d = adc.Thresholds;
        int m = d.Count;
        double lsb = m == 1 ? d[0] : (d[m - 1] - d[0]) / (m - 1);
        var dnl = Enumerable.Range(0, m - 1).Select(k => (measured[k + 1] - measured[k]) / (d[k + 1] - d[k]) - 1).ToArray();
        var inl = Enumerable.Range(0, m).Select(k => (measured[k] - d[k]) / lsb).ToArray();
        return new FlashAdcTransferResult(d, measured, dnl, inl, vin, codes);
    }
}
