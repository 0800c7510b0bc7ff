using System.CommandLine;
using System.Text.Json;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Networks.Onnx;

namespace Xbar.Cli.Tests;

/// <summary>`xbar map` in process: map.json of a small conv model on 1-bit and 2-bit MTJ cells, and bad options exiting 2.</summary>
public sealed class MapCommandTests
{
    private static (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    /// <summary>Conv 3 -> 40 channels 5x5 on 3x16x16 (75 x 40 matrix, 144 positions), then a dense layer 40 -> 10 after global pooling.</summary>
    private static string Model(string dir)
    {
        var b = new GraphBuilder("map test");
        var x = b.Input("image", 3, 16, 16);
        var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(new double[40 * 75], 40, 3, new SpatialWindow(5, 5)), x));
        var graph = b.Output(b.Add(new Dense(new double[400], 10, 40), b.Add(new Flatten(), b.Add(new Pool(PoolKind.GlobalAverage), h)))).Build();
        string path = Path.Combine(dir, "m.onnx");
        OnnxExporter.Save(graph, path);
        return path;
    }

    [Fact]
    public void When_ModelIsMappedOnOneAndTwoBitMtjCells_Expect_MapJsonWithHalfTheTiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-map-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string model = Model(dir);
            JsonElement Map(string preset)
            {
                string outDir = Path.Combine(dir, preset);
                var (exit, err) = Run("map", "--model", model, "--preset", preset, "--weight-bits", "8", "--out", outDir);
                Assert.True(exit == 0, err);
                return JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "map.json"))).RootElement;
            }
            var one = Map("mtj1bit");
            var two = Map("mtj2bit");
            // 64 x 64 cells = 64 rows x 32 pairs: conv ceil(75/64) x ceil(40/32) = 4 blocks, dense 1 block; 8 or 4 slices.
            Assert.Equal(5 * 8, one.GetProperty("total_tiles").GetInt32());
            Assert.Equal(5 * 4, two.GetProperty("total_tiles").GetInt32());
            var conv = one.GetProperty("layers")[0];
            Assert.Equal(75, conv.GetProperty("matrix_rows").GetInt32());
            Assert.Equal(40, conv.GetProperty("matrix_cols").GetInt32());
            Assert.Equal(144, conv.GetProperty("mvms_per_inference").GetInt64());
            Assert.Equal(144L * 2 * 40 * 8, conv.GetProperty("adc_conversions_per_inference").GetInt64());
            Assert.Equal("mtj1", one.GetProperty("tile").GetProperty("cost_cell").GetString());
            Assert.Equal("mtj2", two.GetProperty("tile").GetProperty("cost_cell").GetString());
            Assert.Equal(8, one.GetProperty("weight_bits").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_KMeansCellsAreSlicedOrTheModelIsMissing_Expect_Exit2WithTheReason()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-map-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var (exit, err) = Run("map", "--model", Model(dir), "--preset", "mtj4", "--weight-bits", "8", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("--cell-bits", err);
            (exit, err) = Run("map", "--model", Path.Combine(dir, "none.onnx"), "--preset", "mtj2bit", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("none.onnx", err);
            (exit, err) = Run("map", "--model", Model(dir), "--preset", "mtj4", "--cell-bits", "5", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("--cell-bits 5", err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
