using System.Globalization;
using Xbar.Circuits.IO;

namespace Xbar.Cli.Tests;

public class CrossbarCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-crossbar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    [Fact]
    public void When_LevelsAndInputsGivenAsCsv_Expect_OneLineOfColumnCurrentsPerVector()
    {
        File.WriteAllText(P("L.csv"), "0,1,2\n3,0,1\n");
        File.WriteAllText(P("X.csv"), "0.1,0.2\n0.2,0.0\n0.05,0.05\n");
        int rc = Run("crossbar", "--rows", "2", "--cols", "3", "--device", "linear", "--states", "4", "--wire-r", "0",
            "--levels", P("L.csv"), "--inputs", P("X.csv"), "--out", P("I.csv"));
        Assert.Equal(0, rc);
        var currents = CsvMatrix.ReadDoubles(P("I.csv"));
        Assert.Equal(3, currents.GetLength(0));
        Assert.Equal(3, currents.GetLength(1));
        // Ideal wires: linear in the inputs, so vector 2 is half of (vector 1 with row 1 removed) ... check superposition.
        // I(0.1,0.2) - I(0.2,0) * 0.5 = I(0, 0.2) and I(0.05, 0.05) = I(0.1,0.2)/4 + I(0.2,0)/8  (exact for linear cells).
        for (int j = 0; j < 3; j++)
        {
            double expected = currents[0, j] / 4 + currents[1, j] / 8;
            Assert.Equal(expected, currents[2, j], 1e-15);
            Assert.True(currents[0, j] > 0);
        }
    }

    [Fact]
    public void When_VariabilityOptionsGiven_Expect_DifferentCellsReproducibleFromTheSeed()
    {
        string[] common = ["crossbar", "--rows", "6", "--cols", "5", "--device", "mtj", "--wire-r", "1", "--seed", "3", "--vectors", "2"];
        Assert.Equal(0, Run([.. common, "--out", P("ideal.csv")]));
        Assert.Equal(0, Run([.. common, "--sigma-perp", "200", "--sigma-nl", "50", "--spread", "0.05", "--out", P("var1.csv")]));
        Assert.Equal(0, Run([.. common, "--sigma-perp", "200", "--sigma-nl", "50", "--spread", "0.05", "--out", P("var2.csv")]));
        var ideal = CsvMatrix.ReadDoubles(P("ideal.csv"));
        var a = CsvMatrix.ReadDoubles(P("var1.csv"));
        Assert.Equal(a, CsvMatrix.ReadDoubles(P("var2.csv")));
        // 200 Ohm on 3.4-9.2 kOhm cells and 5 % spread move every column current, by a few percent at most.
        for (int v = 0; v < 2; v++)
            for (int j = 0; j < 5; j++)
            {
                double rel = Math.Abs(a[v, j] - ideal[v, j]) / ideal[v, j];
                Assert.InRange(rel, 1e-6, 0.2);
            }
    }

    [Fact]
    public void When_SigmaIsNegative_Expect_Exit2() =>
        Assert.Equal(2, Run("crossbar", "--rows", "2", "--cols", "2", "--sigma-perp", "-1"));

    [Fact]
    public void When_NpyInAndOut_Expect_SameCurrentsAsCsv()
    {
        int rc1 = Run("crossbar", "--rows", "5", "--cols", "4", "--device", "mtj", "--wire-r", "2", "--seed", "7",
            "--vectors", "3", "--out", P("I.csv"));
        int rc2 = Run("crossbar", "--rows", "5", "--cols", "4", "--device", "mtj", "--wire-r", "2", "--seed", "7",
            "--vectors", "3", "--out", P("I.npy"));
        Assert.Equal(0, rc1);
        Assert.Equal(0, rc2);
        var a = CsvMatrix.ReadDoubles(P("I.csv"));
        var b = NpyFile.ReadDoubles(P("I.npy"));
        Assert.Equal(a, b);

        // Inputs as .npy too.
        var x = new double[,] { { 0.1, 0.2, 0.0, 0.05, 0.15 } };
        NpyFile.Write(P("X.npy"), x);
        CsvMatrix.Write(P("X.csv"), x);
        Assert.Equal(0, Run("crossbar", "--rows", "5", "--cols", "4", "--inputs", P("X.npy"), "--out", P("J1.csv")));
        Assert.Equal(0, Run("crossbar", "--rows", "5", "--cols", "4", "--inputs", P("X.csv"), "--out", P("J2.csv")));
        Assert.Equal(File.ReadAllText(P("J1.csv")), File.ReadAllText(P("J2.csv")));
    }

    [Fact]
    public void When_EngineIsNgspice_Expect_SameCurrentsAsNodal()
    {
        var args = new[] { "crossbar", "--rows", "6", "--cols", "5", "--device", "mtj", "--wire-r", "2.5", "--seed", "3" };
        Assert.Equal(0, Run([.. args, "--out", P("nodal.csv"), "--netlist-out", P("x.cir")]));
        Assert.Equal(0, Run([.. args, "--engine", "ngspice", "--out", P("ng.csv")]));
        var a = CsvMatrix.ReadDoubles(P("nodal.csv"));
        var b = CsvMatrix.ReadDoubles(P("ng.csv"));
        for (int j = 0; j < 5; j++) Assert.Equal(a[0, j], b[0, j], 1e-6 * Math.Abs(a[0, j]));
        Assert.Contains("vcol_4 col_4 0 DC 0", File.ReadAllText(P("x.cir")));
    }

    [Theory]
    [InlineData("--wire-r", "-1")]
    [InlineData("--wire-r-bl", "NaN")]
    [InlineData("--states", "1")]
    [InlineData("--device", "flux")]
    [InlineData("--engine", "hspice")]
    [InlineData("--rows", "0")]
    public void When_ArgumentIsBad_Expect_ExitCode2(string option, string value)
    {
        var args = new List<string> { "crossbar", "--rows", "3", "--cols", "3", "--out", P("I.csv") };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        Assert.Equal(2, Run([.. args]));
        Assert.False(File.Exists(P("I.csv")));
    }

    [Theory]
    [InlineData("0,1,2\n3,0\n")]          // ragged
    [InlineData("0,1,2\n3,0,9\n")]        // state outside 0..3
    [InlineData("0,1,2\n")]               // too few rows
    [InlineData("0,x,2\n1,1,1\n")]        // not a number
    public void When_LevelsFileIsBad_Expect_ExitCode2(string text)
    {
        File.WriteAllText(P("L.csv"), text);
        Assert.Equal(2, Run("crossbar", "--rows", "2", "--cols", "3", "--levels", P("L.csv"), "--out", P("I.csv")));
    }

    [Fact]
    public void When_InputsHaveWrongLength_Expect_ExitCode2()
    {
        File.WriteAllText(P("X.csv"), "0.1,0.2,0.3\n");
        Assert.Equal(2, Run("crossbar", "--rows", "2", "--cols", "3", "--inputs", P("X.csv"), "--out", P("I.csv")));
        Assert.Equal(2, Run("crossbar", "--rows", "2", "--cols", "3", "--inputs", P("missing.csv"), "--out", P("I.csv")));
    }
}
