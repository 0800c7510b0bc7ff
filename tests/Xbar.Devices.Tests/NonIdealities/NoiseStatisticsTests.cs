using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;
using Xbar.Devices.Rram;
using Xbar.Devices.Tests.Arrays;
using Xbar.Devices.Tests.Pcm;

namespace Xbar.Devices.Tests.NonIdealities;

/// <summary>
/// Large seeded samples (N = 10^4 cells unless stated): a sample mean lies within 4 standard errors
/// (sigma / sqrt(N)) and a sample sigma within 4 % (its standard error is sigma / sqrt(2N) = 0.7 %).
/// </summary>
public class NoiseStatisticsTests
{
    private const int N = 100;

    [Fact]
    public void When_LognormalSpread_Expect_LogSigmaOfResistanceAndTmr()
    {
        var ni = new DeviceNonIdealities { Spread = new DeviceSpread { SigmaLnResistance = 0.1, SigmaLnTmr = 0.05 } };
        var a = (MtjCellArray)CellArrayFactory.Program(new MtjDevice(), PcmTests.Filled(N, N, 3), ni, 7);
        var lnR = SampleStats.Of(SampleStats.Cells(N, N, (i, j) => Math.Log(1 / a.ConductanceParallelOf(i, j) / 3360)));
        var lnT = SampleStats.Of(SampleStats.Cells(N, N, (i, j) => Math.Log(a.Tmr0Of(i, j) / 1.74)));
        Assert.InRange(lnR.Mean, -4 * 0.001, 4 * 0.001);
        Assert.InRange(lnR.Sigma, 0.096, 0.104);
        Assert.InRange(lnT.Mean, -4 * 0.0005, 4 * 0.0005);
        Assert.InRange(lnT.Sigma, 0.048, 0.052);
    }

    [Fact]
    public void When_GaussianProgrammingError_Expect_StatedSigmaInSiemens()
    {
        var ni = NonIdealityPresets.RramGaussian(1e-6);
        var a = (LinearCellArray)CellArrayFactory.Program(new RramDevice(), PcmTests.Filled(N, N, 2), ni, 3);
        var s = SampleStats.Of(SampleStats.Cells(N, N, (i, j) => a.ConductanceOf(i, j) - 17e-6));
        Assert.InRange(s.Mean, -4e-8, 4e-8);
        Assert.InRange(s.Sigma, 0.96e-6, 1.04e-6);
    }

    [Fact]
    public void When_SiegelSigma15MicroSiemens_Expect_AcceptedAndClampedAtZero()
    {
        var a = (LinearCellArray)CellArrayFactory.Program(new RramDevice(), PcmTests.Filled(20, 20, 0), NonIdealityPresets.RramGaussian(15e-6), 1);
        var values = SampleStats.Cells(20, 20, a.ConductanceOf).ToArray();
        Assert.All(values, g => Assert.True(g >= 0));
        Assert.Contains(values, g => g == 0);
    }

    [Fact]
    public void When_GranularProgrammingError_Expect_IntermediateStatesNoisierThanExtremes()
    {
        var device = new MtjDevice(); // x = 0, 1/3, 2/3, 1
        var ni = new DeviceNonIdealities { Programming = new GranularProgrammingError { Grains = 100, FloorSiemens = 1e-7 } };
        var sigmaX = new double[4];
        for (int k = 0; k < 4; k++)
        {
            var a = (MtjCellArray)CellArrayFactory.Program(device, PcmTests.Filled(N, N, k), ni, 20 + k);
            sigmaX[k] = SampleStats.Of(SampleStats.Cells(N, N, a.ParallelFractionOf)).Sigma;
        }
        double expectedMiddle = Math.Sqrt((1.0 / 3) * (2.0 / 3) / 100); // binomial, floor negligible
        Assert.InRange(sigmaX[1], 0.96 * expectedMiddle, 1.04 * expectedMiddle);
        Assert.InRange(sigmaX[2], 0.96 * expectedMiddle, 1.04 * expectedMiddle);
        Assert.True(sigmaX[1] > 5 * sigmaX[0] && sigmaX[2] > 5 * sigmaX[3], string.Join(", ", sigmaX));
    }

    [Fact]
    public void When_PcmProgrammingNoise_Expect_PolynomialSigma()
    {
        var device = new Xbar.Devices.Pcm.PcmDevice();
        var a = (LinearCellArray)CellArrayFactory.Program(device, PcmTests.Filled(N, N, 3), NonIdealityPresets.Pcm2020(), 8);
        double expected = (0.26348 + 1.9650 - 1.1731) * 1e-6;
        var s = SampleStats.Of(SampleStats.Cells(N, N, (i, j) => a.ConductanceOf(i, j) - 25e-6));
        Assert.InRange(s.Sigma, 0.96 * expected, 1.04 * expected);
        Assert.InRange(s.Mean, -4 * expected / N, 4 * expected / N);
    }

    [Fact]
    public void When_SystematicOffsetOnly_Expect_SameOffsetForEveryCellOfAState()
    {
        var device = new LinearDevice(new LinearParameters { States = 16 });
        var states = ProgrammingReproducibilityTests.RandomStates(12, 12, 16, 4);
        var ni = new DeviceNonIdealities { Offsets = new StateOffsets { SigmaNl = 500 } };
        var a = (LinearCellArray)CellArrayFactory.Program(device, states, ni, 77);
        var offsetOfState = new double?[16];
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
            {
                int k = states[i, j];
                double delta = 1 / a.ConductanceOf(i, j) - 1 / device.NominalConductance(k);
                offsetOfState[k] ??= delta;
                Assert.Equal(offsetOfState[k]!.Value, delta, 6);
            }
    }

    [Fact]
    public void When_SystematicOffsetOverManySeeds_Expect_SigmaNl()
    {
        var device = new LinearDevice(new LinearParameters { States = 16 });
        var ni = NonIdealityPresets.Moureaux2026();
        var row = new int[1, 16];
        for (int k = 0; k < 16; k++) row[0, k] = k;
        var deltas = new List<double>();
        for (int seed = 0; seed < 600; seed++)
        {
            var a = (LinearCellArray)CellArrayFactory.Program(device, row, ni, seed);
            for (int k = 0; k < 16; k++)
                deltas.Add(1 / a.ConductanceOf(0, k) - 1 / device.NominalConductance(k));
        }
        var s = SampleStats.Of(deltas); // 9600 samples
        Assert.InRange(s.Sigma, 48, 52);
        Assert.InRange(s.Mean, -4 * 50 / Math.Sqrt(9600), 4 * 50 / Math.Sqrt(9600));
    }

    [Fact]
    public void When_SystematicOffsetsFixed_Expect_SharedAcrossArraysWithDifferentSeeds()
    {
        var device = new LinearDevice(new LinearParameters { States = 4 });
        var chip = new StateOffsets { SigmaNl = 50 };
        var ni = new DeviceNonIdealities { Offsets = chip with { SystematicOhm = chip.DrawSystematic(4, 2026) } };
        var row = new[,] { { 0, 1, 2, 3 } };
        var a = (LinearCellArray)CellArrayFactory.Program(device, row, ni, 1);
        var b = (LinearCellArray)CellArrayFactory.Program(device, row, ni, 2);
        var drawn = (LinearCellArray)CellArrayFactory.Program(device, row, new DeviceNonIdealities { Offsets = chip }, 2026);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(a.ConductanceOf(0, k), b.ConductanceOf(0, k));
            Assert.Equal(drawn.ConductanceOf(0, k), a.ConductanceOf(0, k));
            Assert.NotEqual(device.NominalConductance(k), a.ConductanceOf(0, k));
        }
        var wrongCount = new DeviceNonIdealities { Offsets = new StateOffsets { SystematicOhm = [1, 2] } };
        Assert.Contains("SystematicOhm", Assert.Throws<InvalidInputException>(() => CellArrayFactory.Program(device, row, wrongCount, 1)).Message);
    }

    [Fact]
    public void When_RandomOffset_Expect_SigmaPerpPerCellOnMtjLowBiasResistance()
    {
        var device = new MtjDevice();
        var ni = new DeviceNonIdealities { Offsets = new StateOffsets { SigmaPerp = 100 } };
        var a = (MtjCellArray)CellArrayFactory.Program(device, PcmTests.Filled(N, N, 1), ni, 12);
        double r0 = 1 / device.NominalConductance(1);
        var s = SampleStats.Of(SampleStats.Cells(N, N, (i, j) => 1 / a.LowBiasConductanceOf(i, j) - r0));
        Assert.InRange(s.Sigma, 96, 104);
        Assert.InRange(s.Mean, -4.0, 4.0);
    }

    [Fact]
    public void When_RelativeReadNoise_Expect_SigmaProportionalToConductance()
    {
        var noise = new RelativeReadNoise { RelativeSigma = 0.02 };
        var rng = new Random(5);
        var reads = Enumerable.Range(0, 10_000).Select(_ => noise.Sample(10e-6, rng));
        var s = SampleStats.Of(reads);
        Assert.InRange(s.Sigma, 0.96 * 0.2e-6, 1.04 * 0.2e-6);
        Assert.InRange(s.Mean, 10e-6 - 8e-9, 10e-6 + 8e-9);
    }

    [Fact]
    public void When_ReadNoiseSeeded_Expect_Reproducible()
    {
        var noise = new PcmReadNoise { Time = 100 };
        double a = noise.Sample(5e-6, new Random(3)), b = noise.Sample(5e-6, new Random(3));
        Assert.Equal(a, b);
        Assert.NotEqual(5e-6, a);
    }

    [Fact]
    public void When_NonIdealityFieldsInvalid_Expect_ErrorsNamingFields()
    {
        Assert.Contains("SigmaNl", Assert.Throws<InvalidInputException>(() => new StateOffsets { SigmaNl = -1 }).Message);
        Assert.Contains("SigmaPerp", Assert.Throws<InvalidInputException>(() => new StateOffsets { SigmaPerp = double.NaN }).Message);
        Assert.Contains("SigmaLnResistance", Assert.Throws<InvalidInputException>(() => new DeviceSpread { SigmaLnResistance = -0.1 }).Message);
        Assert.Contains("SigmaSiemens", Assert.Throws<InvalidInputException>(() => new GaussianProgrammingError { SigmaSiemens = -1e-6 }).Message);
        Assert.Contains("Grains", Assert.Throws<InvalidInputException>(() => new GranularProgrammingError { Grains = 0 }).Message);
        Assert.Contains("RelativeSigma", Assert.Throws<InvalidInputException>(() => new RelativeReadNoise { RelativeSigma = double.PositiveInfinity }).Message);
        Assert.Contains("Time", Assert.Throws<InvalidInputException>(() => new PcmReadNoise { Time = 0 }).Message);
    }
}
