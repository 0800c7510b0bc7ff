using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using static Xbar.Behavioral.Tests.Tiles.TileTestData;

namespace Xbar.Behavioral.Tests.Tiles;

/// <summary>PCM tiles read at a time after programming: drift, global drift compensation, 1/f noise, re-programming, config.</summary>
public class PcmTileTests
{
    /// <summary>The pcm preset on a 32 x 64 array without IR drop or converters, with the PCM model switches given.</summary>
    private static TileConfig Pcm(double time, PcmConfig pcm) => TilePresets.Pcm() with
    {
        Array = new ArrayConfig(32, 64, 0),
        Device = TilePresets.Pcm().Device with { TimeS = time, Pcm = pcm },
        Input = new InputConfig(InputEncoding.Amplitude, DacBits: null, ReadVoltageV: 0.2),
        Output = new OutputConfig(),
        IrDrop = new IrDropConfig(IrDropModel.None),
    };

    private static double[,] SignOnly(int outputs, int inputs, int seed)
    {
        var w = Matrix(outputs, inputs, seed);
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++) w[o, i] = w[o, i] >= 0 ? 0.5 : -0.5;
        return w;
    }

    [Fact]
    public void When_EveryWeightOnTheTopLevel_Expect_CompensationUndoesDriftExactly_AndWithoutItOutputsShrinkByThePublishedExponent()
    {
        // |w| all equal: every "on" cell is at G_max (g_T = 1, mu_nu = 0.049 in Joshi et al. 2020), every "off" cell at 0 S,
        // so with one exponent for all (no spread) a year scales every output by (3.156e7 / 20)^-0.049 = 0.4977,
        // and the global compensation, one factor per tile, restores the outputs at t0 exactly.
        var pcm = new PcmConfig(ProgrammingNoise: false, DriftVariability: false, ReadNoise: false);
        var w = SignOnly(12, 32, 1);
        var x = Matrix(4, 32, 2, 0, 1);
        var atT0 = BehavioralTile.Program(Pcm(20, pcm), w, 5).MultiplyBatch(x);
        var year = BehavioralTile.Program(Pcm(3.156e7, pcm), w, 5).MultiplyBatch(x);
        var uncompensated = BehavioralTile.Program(Pcm(3.156e7, pcm with { DriftCompensation = false }), w, 5).MultiplyBatch(x);
        double factor = Math.Pow(3.156e7 / 20, -0.049);
        for (int s = 0; s < 4; s++)
            for (int o = 0; o < 12; o++)
            {
                Assert.Equal(atT0[s, o], year[s, o], 1e-12);
                Assert.Equal(atT0[s, o] * factor, uncompensated[s, o], 1e-12);
            }
    }

    [Fact]
    public void When_ReadLaterWithTheFullModel_Expect_ErrorGrowsWithLogTime_AndCompensationKeepsItSmall()
    {
        // Drift spread and the accumulated 1/f noise both grow with log t, so the error against W x must grow
        // from 25 s to a day to a year; without compensation the year's error is dominated by the ~50 %
        // conductance loss (measured here: 11 %, 14 %, 18 % compensated, 51 % not; programming
        // noise of about 1 uS in a 25 uS window and the 1/f noise of low states set the floor at t0). Relative RMS over 64 random inputs of a 24 x 32 random matrix, 3 seeds pooled.
        var w = Matrix(24, 32, 3);
        var x = Matrix(64, 32, 4, 0, 1);
        double Error(double t, bool compensate)
        {
            double err = 0, norm = 0;
            for (int seed = 1; seed <= 3; seed++)
            {
                var y = BehavioralTile.Program(Pcm(t, new PcmConfig(DriftCompensation: compensate)), w, seed).MultiplyBatch(x);
                for (int s = 0; s < 64; s++)
                {
                    var exact = Product(w, Row(x, s));
                    for (int o = 0; o < 24; o++)
                    {
                        err += (y[s, o] - exact[o]) * (y[s, o] - exact[o]);
                        norm += exact[o] * exact[o];
                    }
                }
            }
            return Math.Sqrt(err / norm);
        }
        double early = Error(25, true), day = Error(86_400, true), year = Error(3.156e7, true), raw = Error(3.156e7, false);
        Assert.True(early < day && day < year, $"errors {early:P2}, {day:P2}, {year:P2}");
        Assert.True(raw > 0.4 && raw > 2 * year, $"uncompensated {raw:P2} vs compensated {year:P2}");
    }

    [Fact]
    public void When_SameTileReprogrammed_Expect_NewProgrammingDraws_SameDevices()
    {
        var cfg = Pcm(3600, new PcmConfig());
        var w = Matrix(8, 32, 6);
        double[] Cells(int cycle) => Flatten(TileProgramming.Program(cfg, w, 9, pad: false, cycle).Cells);
        Assert.Equal(Cells(1), Cells(1));
        Assert.NotEqual(Cells(0), Cells(1));
        // Device-to-device parts alone (no programming or read noise): re-programming changes nothing.
        var d2d = Pcm(3600, new PcmConfig(ProgrammingNoise: false, ReadNoise: false));
        Assert.Equal(Flatten(TileProgramming.Program(d2d, w, 9, pad: false, 0).Cells), Flatten(TileProgramming.Program(d2d, w, 9, pad: false, 3).Cells));
    }

    private static double[] Flatten(Xbar.Devices.ICellArray cells)
    {
        var v = new double[cells.Rows * cells.Cols];
        for (int i = 0; i < cells.Rows; i++)
            for (int j = 0; j < cells.Cols; j++) v[i * cells.Cols + j] = cells.Conductance(i, j, 0);
        return v;
    }

    [Fact]
    public void When_PcmConfigRoundTripsThroughJson_Expect_SameConfig_AndReadTimeOutsideTheHash()
    {
        var cfg = TilePresets.Pcm() with { Device = TilePresets.Pcm().Device with { TimeS = 86_400, Pcm = new PcmConfig(ReadNoise: false) } };
        var back = TileConfigJson.Parse(TileConfigJson.Serialize(cfg));
        Assert.Equal(TileConfigJson.Serialize(cfg), TileConfigJson.Serialize(back));
        Assert.Equal((cfg with { Device = cfg.Device with { TimeS = 1 } }).PhysicsHash, cfg.PhysicsHash);
    }

    [Theory]
    [InlineData("\"kind\": \"mtj\", \"time_s\": 10", "device.time_s: only PCM cells")]
    [InlineData("\"kind\": \"mtj\", \"pcm\": {}", "device.pcm: the PCM model needs device.kind \"pcm\"")]
    [InlineData("\"kind\": \"pcm\", \"states\": 8, \"time_s\": -1", "device.time_s must be a positive")]
    [InlineData("\"kind\": \"pcm\", \"states\": 8, \"programming_sigma\": 0.1", "device.programming_sigma: a PCM tile uses the published programming noise")]
    [InlineData("\"kind\": \"pcm\", \"states\": 8, \"pcm\": {\"reference_time_s\": 0}", "device.pcm.reference_time_s")]
    [InlineData("\"kind\": \"pcm\", \"states\": 8, \"pcm\": {\"drift_speed\": 2}", "device.pcm.drift_speed: unknown field")]
    public void When_PcmFieldsWrong_Expect_OneMessageNamingTheField(string device, string expected)
    {
        var json = TileConfigJson.Serialize(TilePresets.Pcm());
        var start = json.IndexOf("\"device\": {", StringComparison.Ordinal);
        var end = json.IndexOf('}', json.IndexOf("\"pcm\": {", start, StringComparison.Ordinal)) + 1;
        end = json.IndexOf('}', end) + 1;
        var edited = json[..start] + "\"device\": { " + device + " }" + json[end..];
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(edited, "cfg.json"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("cfg.json", e.Message);
    }
}
