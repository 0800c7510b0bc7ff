using System.CommandLine;
using System.Diagnostics;

namespace Xbar.Cli.Tests;

/// <summary>Bad input to the commands (issue "Hardening"): exit 2 with a message naming the file or option, quickly, with no stack trace.</summary>
public sealed class HardeningCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-hardening-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.DoesNotContain("   at ", error.ToString());
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void When_CrossbarIs100000Squared_Expect_Exit2BeforeAllocating()
    {
        var clock = Stopwatch.StartNew();
        var (exit, _, err) = Run("crossbar", "--rows", "100000", "--cols", "100000");
        Assert.Equal(2, exit);
        Assert.Contains("--rows 100000 --cols 100000 needs about", err);
        Assert.True(clock.Elapsed.TotalSeconds < 5);
    }

    [Fact]
    public void When_CrossbarOutputsAreUnwritable_Expect_Exit2NamingThePath()
    {
        var missing = P(Path.Combine("no", "such", "dir"));
        var (exit, _, err) = Run("crossbar", "--rows", "3", "--cols", "3", "--out", Path.Combine(missing, "i.csv"));
        Assert.Equal(2, exit);
        Assert.Contains(Path.Combine(missing, "i.csv"), err);
        (exit, _, err) = Run("crossbar", "--rows", "3", "--cols", "3", "--netlist-out", Path.Combine(missing, "x.cir"));
        Assert.Equal(2, exit);
        Assert.Contains("--netlist-out", err);
    }

    [Fact]
    public void When_TileOutputIsUnwritable_Expect_Exit2NamingThePath()
    {
        File.WriteAllText(P("w.csv"), "1,2\n3,4\n");
        File.WriteAllText(P("x.csv"), "0.1,0.2\n");
        var target = Path.Combine(P("missing"), "y.csv");
        var (exit, _, err) = Run("tile", "--preset", "mtj4", "--weights", P("w.csv"), "--inputs", P("x.csv"), "--out", target);
        Assert.Equal(2, exit);
        Assert.Contains(target, err);
    }

    [Fact]
    public void When_WeightIs1e308_Expect_Exit2NamingFileRowAndColumn()
    {
        File.WriteAllText(P("w.csv"), "1e308,2\n3,4\n");
        File.WriteAllText(P("x.csv"), "0.1,0.2\n");
        var (exit, _, err) = Run("tile", "--preset", "mtj4", "--weights", P("w.csv"), "--inputs", P("x.csv"), "--out", P("y.csv"));
        Assert.Equal(2, exit);
        Assert.Contains($"{P("w.csv")}: value 1E+308 at row 1, column 1", err);
    }

    [Fact]
    public void When_NetlistIsAFifo_Expect_Exit2AtOnceOnBothEngines()
    {
        var fifo = P("fifo.cir");
        using (var mk = Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        foreach (var engine in new[] { "nodal", "ngspice" })
        {
            var clock = Stopwatch.StartNew();
            var (exit, _, err) = Run("sim", fifo, "--engine", engine);
            Assert.Equal(2, exit);
            Assert.Contains($"{fifo}:0: cannot read netlist: is not a regular file", err);
            Assert.True(clock.Elapsed.TotalSeconds < 5);
        }
    }

    [Fact]
    public void When_ReadSweepShardsMissing_Expect_MergeRefusedNamingThePointsUnlessPartial()
    {
        // Two shards of a 4-point sweep written by hand (one point each): points 2 and 3 are missing.
        var spec = new Xbar.Validation.ReadCircuits.ReadSweepSpec([1.0, 2.0], [2, 4], 2, 0, 1);
        var settings = Xbar.Validation.ReadCircuits.ReadSweepStore.RunSettings.Of(spec);
        string[] shards = [P("s0"), P("s1")];
        var points = spec.Points();
        for (int s = 0; s < 2; s++)
        {
            var store = new Xbar.Validation.ReadCircuits.ReadSweepStore(shards[s]);
            store.Prepare(settings);
            var p = points[s];
            store.Save(new Xbar.Circuits.ReadCircuits.CellReadResult(p.Tmr0, p.States, p.Bits, 0.5, 20, 0, 0));
        }
        var (exit, _, err) = Run("merge", shards[0], shards[1], "--out", P("m"));
        Assert.Equal(2, exit);
        Assert.Contains("the folders hold 2 of the sweep's 4 points; missing tmr=2 states=2, tmr=2 states=4", err);
        (exit, _, err) = Run("merge", shards[0], shards[1], "--out", P("m"), "--partial");
        Assert.Equal(0, exit);
        Assert.Contains("warning: partial merge: 2 point(s)", err);
    }
}
