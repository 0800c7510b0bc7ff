using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal.Transient;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.Nodal.Transient;

/// <summary>
/// The nodal transient against ngspice's on the same netlist (CrossbarTransientNetlist: the DC
/// builder's elements, PWL sources, a capacitor at every node, Gear order 2, the same maximum
/// step): column currents at ngspice's time points and every energy of the window.
/// </summary>
public class TransientVersusNgspiceTests
{
    private static (double Waveform, double Energy) Compare(TransientCrossbarSpec spec, Xbar.Devices.ICellArray cells, WordLineDrive drive, TransientOptions options)
    {
        var nodal = new CrossbarTransientSolver().Run(spec, cells, drive, options);
        var ng = CrossbarTransientNetlist.Run(new NgspiceProcessRunner(), spec, cells, drive, options);
        double scale = 0;
        foreach (var row in nodal.ColumnCurrents) scale = Math.Max(scale, row.Max(Math.Abs));
        double waveform = 0;
        for (int j = 0; j < spec.Cols; j++)
        {
            var x = nodal.Column(j);
            for (int t = 0; t < ng.Time.Length; t++)
                waveform = Math.Max(waveform, Math.Abs(Interpolate(nodal.Time, x, ng.Time[t]) - ng.ColumnCurrents[t][j]) / scale);
        }
        var a = nodal.Energy;
        var b = ng.Energy;
        double energy = new[] { (a.Source, b.Source), (a.Driver, b.Driver), (a.Wires, b.Wires), (a.Cells, b.Cells), (a.Stored, b.Stored) }
            .Max(p => Math.Abs(p.Item1 - p.Item2) / a.Source);
        return (waveform, energy);
    }

    private static double Interpolate(double[] t, double[] y, double x)
    {
        int k = Array.BinarySearch(t, x);
        if (k >= 0) return y[k];
        k = ~k;
        if (k == 0) return y[0];
        if (k >= t.Length) return y[^1];
        return y[k - 1] + (y[k] - y[k - 1]) * (x - t[k - 1]) / (t[k] - t[k - 1]);
    }

    private static double[] Volts(int m, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, m).Select(_ => 0.2 * rng.NextDouble()).ToArray();
    }

    [Theory]
    [InlineData("linear", 8, 8)]
    [InlineData("mtj", 8, 8)]
    [InlineData("pcm", 12, 10)]
    public void When_AmplitudeStep_Expect_NodalEqualsNgspiceWithin2e3(string device, int m, int n)
    {
        var spec = new TransientCrossbarSpec(new CrossbarSpec(m, n, 3, 3, 50), 5e-15, 5e-15);
        var cells = CrossbarFactory.Program(device, 4, CrossbarFactory.RandomStates(m, n, 4, m));
        var (waveform, energy) = Compare(spec, cells, WordLineDrive.Amplitude(Volts(m, n), 50e-12), new TransientOptions(0.25e-12, 300e-12));
        Assert.True(waveform < 2e-3, $"column-current difference {waveform:g3} of the largest current");
        Assert.True(energy < 1e-3, $"energy difference {energy:g3} of the sources' energy");
    }

    [Fact]
    public void When_PulseWidthInputsOnOneT1R_Expect_NodalEqualsNgspiceWithin2e3()
    {
        int m = 8, n = 6;
        var spec = new TransientCrossbarSpec(new CrossbarSpec(m, n, 3, 3, 50, CellKind.OneT1R, 1500), 5e-15, 5e-15);
        var cells = CrossbarFactory.Program("mtj", 4, CrossbarFactory.RandomStates(m, n, 4, 9));
        var widths = Enumerable.Range(0, m).Select(i => (i % 4) * 100e-12).ToArray();
        var drive = WordLineDrive.PulseWidth(widths, 0.2, 20e-12);
        var (waveform, energy) = Compare(spec, cells, drive, new TransientOptions(0.25e-12, 500e-12));
        Assert.True(waveform < 2e-3, $"column-current difference {waveform:g3} of the largest current");
        Assert.True(energy < 1e-3, $"energy difference {energy:g3} of the sources' energy");
    }
}
