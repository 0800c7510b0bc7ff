using Xbar.Circuits.IO;

namespace Xbar.Cli.Tests;

public class TileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-tile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    private void WriteData()
    {
        File.WriteAllText(P("W.csv"), "0.5,-0.25,1,0\n-1,0.75,0.1,0.3\n");
        File.WriteAllText(P("X.csv"), "0.1,0.2,0.3,0.4\n1,0,0,1\n0.5,0.5,0.5,0.5\n");
    }

    [Fact]
    public void When_CheckRequestedWithCalibration_Expect_OutputsWrittenAndCalibrationAccepted()
    {
        WriteData();
        string cfg = P("cfg.json");
        File.WriteAllText(cfg, Xbar.Behavioral.Config.TileConfigJson.Serialize(Xbar.Behavioral.Config.TilePresets.Mtj4() with
        {
            Array = new Xbar.Behavioral.Config.ArrayConfig(4, 4, 1.0),
        }));
        Assert.Equal(0, Run("calibrate", "--config", cfg, "--samples", "8", "--out", P("calib.json")));
        Assert.Equal(0, Run("tile", "--config", cfg, "--calib", P("calib.json"), "--weights", P("W.csv"), "--inputs", P("X.csv"), "--out", P("Y.csv"), "--check", "2"));
        var y = CsvMatrix.ReadDoubles(P("Y.csv"));
        Assert.Equal(3, y.GetLength(0));
        Assert.Equal(2, y.GetLength(1));
    }

    [Fact]
    public void When_CheckIsNegative_Expect_Exit2()
    {
        WriteData();
        Assert.Equal(2, Run("tile", "--preset", "mtj4", "--weights", P("W.csv"), "--inputs", P("X.csv"), "--out", P("Y.csv"), "--check", "-1"));
    }
}
