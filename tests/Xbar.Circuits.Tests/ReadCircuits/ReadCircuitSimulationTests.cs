using System.Text;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

/// <summary>Read circuits run in ngspice (batch-mode CLI, installed by `make test`).</summary>
public class ReadCircuitSimulationTests
{
    private static readonly NgspiceProcessRunner Runner = new();

    [Fact]
    public void When_IdealFlashAdcHeldAwayFromThresholds_Expect_CountOfThresholdsBelow()
    {
        var adc = new FlashAdcDesign(3, new[] { 0.02, 0.05, 0.07, 0.11, 0.12, 0.16, 0.2 });
        var inputs = new[] { 0.005, 0.03, 0.06, 0.09, 0.115, 0.14, 0.18, 0.25, 0.0195, 0.2006 };
        var sb = new StringBuilder();
        var probes = new List<ReaderProbes>();
        var vectors = new List<string>();
        for (int n = 0; n < inputs.Length; n++)
        {
            sb.AppendLine($"Vin{n} in{n} 0 PWL(0 0 10p {inputs[n].ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
            var parts = FlashAdcNetlist.Append(sb, adc, $"a{n}", $"in{n}", new double[7], Enumerable.Repeat(1.0, 8).ToArray());
            vectors.AddRange(parts.Vectors);
            probes.Add(new ReaderProbes(parts.Outputs, adc.Comparator.LogicThreshold, parts.Power));
        }
        var r = Runner.Run(new TransientRequest(sb.ToString(), 2e-9, 5e-12, vectors));
        for (int n = 0; n < inputs.Length; n++)
        {
            int expected = adc.Thresholds.Count(t => t < inputs[n]);
            var outcome = ReadTransientAnalysis.Analyze(r, probes[n]);
            Assert.True(outcome.Settled);
            Assert.Equal(expected, outcome.FinalCode);
        }
    }

    [Fact]
    public void When_TiaDrivenByCurrent_Expect_MinusIRfWithinGainErrorAndOffset()
    {
        var amp = new OpAmpMacroModel();
        var tia = new TiaDesign(10e3, amp);
        foreach (double current in new[] { 20e-6, -15e-6 })
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Iin 0 bl PWL(0 0 10p {current.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
            sb.AppendLine("Cbl bl 0 50f");
            var (vec, _) = tia.Append(sb, "t", "bl", "out", 50e-15);
            var r = Runner.Run(new TransientRequest(sb.ToString(), 20e-9, 20e-12, vec.Append("v(out)").ToList()));
            double ideal = -current * tia.FeedbackResistance;
            double gainError = Math.Abs(ideal) / (1 + amp.DcGain);
            // The offset appears at the output as V_os (noise gain 1: the source is an ideal current).
            double expected = ideal + amp.InputOffset;
            Assert.InRange(r["v(out)"][^1], expected - 2 * gainError - 1e-6, expected + 2 * gainError + 1e-6);
        }
    }

    [Fact]
    public void When_NominalFourStateRead_Expect_RightCodesAndPositiveFiniteLatencyAndEnergy()
    {
        var mc = new CellReadMonteCarlo(Runner);
        var result = mc.Run(new CellReadPoint(1.74, 4, 2, 0), seed: 1, workers: 1);
        Assert.Equal(0, result.CodeErrorRate);
        Assert.True(double.IsFinite(result.LatencyNs) && result.LatencyNs > 0, $"latency {result.LatencyNs}");
        Assert.True(double.IsFinite(result.EnergyFj) && result.EnergyFj > 0, $"energy {result.EnergyFj}");
        // The bit line cannot settle faster than its RC: latency must exceed one time constant at the fastest state.
        var c = CellReadCircuit.ForMtj(1.74);
        double tauFast = c.BitLineCapacitance / (1 / c.LoadResistance + 1 / MtjReadCell.DefaultParallelResistance);
        Assert.True(result.LatencyNs * 1e-9 > tauFast);
    }

    [Fact]
    public void When_HigherTmrOnSameCircuit_Expect_FasterLowerEnergyRead()
    {
        var mc = new CellReadMonteCarlo(Runner);
        var low = mc.Run(new CellReadPoint(1.0, 4, 2, 0), 1, 1);
        var high = mc.Run(new CellReadPoint(3.0, 4, 2, 0), 1, 1);
        Assert.True(high.LatencyNs < low.LatencyNs, $"{high.LatencyNs} vs {low.LatencyNs}");
        Assert.True(high.EnergyFj < low.EnergyFj, $"{high.EnergyFj} vs {low.EnergyFj}");
    }

    [Fact]
    public void When_DrawsBatchedInOneNetlist_Expect_SameReadsAsAlone()
    {
        var point = new CellReadPoint(1.74, 4, 2, 4);
        var batched = new CellReadMonteCarlo(Runner, drawsPerNetlist: 4).Run(point, 7, 1);
        var alone = new CellReadMonteCarlo(Runner, drawsPerNetlist: 1).Run(point, 7, 2);
        Assert.Equal(alone.CodeErrorRate, batched.CodeErrorRate);
        Assert.Equal(alone.LatencyNs, batched.LatencyNs, alone.LatencyNs * 0.01);
        Assert.Equal(alone.EnergyFj, batched.EnergyFj, alone.EnergyFj * 0.01);
    }

    [Fact]
    public void When_TransferMeasuredOnDrawnAdc_Expect_TapsPlusOffsets()
    {
        var point = new CellReadPoint(1.74, 4, 2, 10);
        var mc = new CellReadMonteCarlo(Runner);
        var (_, adc) = mc.Design(point);
        var chip = mc.Draw(point, adc, 3, 0)[0];
        var transfer = FlashAdcTransfer.Measure(Runner, adc, chip.ComparatorOffsets, chip.LadderFactors);
        var taps = adc.TapVoltages(chip.LadderFactors);
        for (int k = 0; k < adc.Comparators; k++)
            Assert.Equal(taps[k] + chip.ComparatorOffsets[k], transfer.Measured[k], 1e-5);
        Assert.Equal(adc.Comparators - 1, transfer.Dnl.Count);
        Assert.Equal(adc.Comparators, transfer.Inl.Count);
    }

    [Fact]
    public void When_ColumnCurrentDigitizedByIdealAdc_Expect_CodeOfIRf()
    {
        var cells = Enumerable.Range(0, 8).Select(i => MtjReadCell.Nominal(i % 4, 4)).ToArray();
        var inputs = Enumerable.Range(0, 8).Select(i => 0.04 * (i % 3) / 2.0).ToArray();
        var tia = new TiaDesign(10e3);
        var adc = new FlashAdcDesign(3, Enumerable.Range(1, 7).Select(k => 0.05 * k).ToArray());
        double vOut = cells.Zip(inputs).Sum(z => z.First.Current(z.Second)) * tia.FeedbackResistance;
        int expected = adc.Thresholds.Count(t => t < vOut);
        Assert.True(adc.Thresholds.All(t => Math.Abs(t - vOut) > 0.005), "test input must sit away from the thresholds");
        var batch = ColumnReaderNetlist.Build(cells, inputs, tia, adc);
        var r = Runner.Run(new TransientRequest(batch.Circuit, 20e-9, 20e-12, batch.Vectors));
        var outcome = ReadTransientAnalysis.Analyze(r, batch.Probes[0]);
        Assert.Equal(expected, outcome.FinalCode);
        Assert.True(outcome.Latency > 0 && ReadTransientAnalysis.Energy(r, batch.Probes[0], outcome.Latency) > 0);
    }
}
