using Xbar.Circuits.IO;

namespace Xbar.Cli.Tests;

/// <summary>`xbar tile --time`: a PCM tile read later changes; other devices refuse the option.</summary>
public sealed class TileTimeOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-tile-time-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Exit, string Err) Run(params string[] args) => CliRun.Invoke(args);

    [Fact]
    public void When_PcmTileReadAtTwoTimes_Expect_EarlyReadCloseToWx_AndALaterOneDifferent()
    {
        File.WriteAllText(P("W.csv"), "0.5,-0.25,1\n-1,0.75,0.1\n");
        File.WriteAllText(P("X.csv"), "1,0.5,0.25\n0.2,0.4,0.8\n");
        foreach (var t in new[] { "25", "3.15e7" })
        {
            var (exit, err) = Run("tile", "--preset", "pcm", "--time", t, "--weights", P("W.csv"), "--inputs", P("X.csv"), "--out", P($"Y{t}.csv"));
            Assert.True(exit == 0, err);
        }
        var early = CsvMatrix.ReadDoubles(P("Y25.csv"));
        var late = CsvMatrix.ReadDoubles(P("Y3.15e7.csv"));
        // W x of the first input is (0.5 - 0.125 + 0.25, -1 + 0.375 + 0.025) = (0.625, -0.6). Read at 25 s (no drift yet)
        // the tile is off by programming noise (about 1 uS of the 25 uS window per cell), 1/f noise (about 4 % of a
        // high cell) and 8-bit converters: within 0.12 here. A year later drift spread and more 1/f noise move it.
        Assert.Equal(0.625, early[0, 0], 0.12);
        Assert.Equal(-0.6, early[0, 1], 0.12);
        Assert.NotEqual(early[0, 0], late[0, 0]);
        Assert.NotEqual(early[1, 1], late[1, 1]);
    }

    [Fact]
    public void When_TimeGivenForAnMtjTile_Expect_Exit2NamingTheOption()
    {
        File.WriteAllText(P("W.csv"), "1,0\n0,1\n");
        File.WriteAllText(P("X.csv"), "1,1\n");
        var (exit, err) = Run("tile", "--preset", "mtj4", "--time", "10", "--weights", P("W.csv"), "--inputs", P("X.csv"), "--out", P("Y.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("--time: only PCM cells change after programming", err);
        Assert.False(File.Exists(P("Y.csv")));
    }
}
