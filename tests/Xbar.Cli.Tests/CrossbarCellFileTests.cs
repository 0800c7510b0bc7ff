using System.Globalization;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.IO;
using Xbar.Circuits.Nodal;
using Xbar.Devices.Linear;

namespace Xbar.Cli.Tests;

/// <summary>`xbar crossbar --g/--r`: cells from a conductance or resistance matrix, and batches of vectors.</summary>
public class CrossbarCellFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-cellfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    private static double[,] RandomResistances(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var r = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) r[i, j] = 3360 + 5830 * rng.NextDouble();
        return r;
    }

    [Fact]
    public void When_ResistanceAndConductanceFilesDescribeTheSameCells_Expect_SameCurrentsAsTheSolver()
    {
        const int m = 7, n = 5;
        var r = RandomResistances(m, n, 1);
        var g = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i, j] = 1 / r[i, j];
        CsvMatrix.Write(P("R.csv"), r);
        NpyFile.Write(P("G.npy"), g);
        var x = StandardCrossbarProblem.Inputs(12, m, 2);
        CsvMatrix.Write(P("X.csv"), x);
        Assert.Equal(0, Run("crossbar", "--r", P("R.csv"), "--wire-r", "2", "--inputs", P("X.csv"), "--out", P("I1.csv")));
        Assert.Equal(0, Run("crossbar", "--g", P("G.npy"), "--rows", "7", "--wire-r", "2", "--inputs", P("X.csv"), "--out", P("I2.csv")));
        var a = CsvMatrix.ReadDoubles(P("I1.csv"));
        var b = CsvMatrix.ReadDoubles(P("I2.csv"));
        var spec = new CrossbarSpec(m, n, 2, 2);
        var solver = new NodalCrossbarSolver();
        for (int v = 0; v < x.GetLength(0); v++)
        {
            var expected = solver.Solve(spec, new LinearCellArray(g), Enumerable.Range(0, m).Select(i => x[v, i]).ToArray()).ColumnCurrents;
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(expected[j], a[v, j], 1e-11 * Math.Abs(expected[j]));
                Assert.Equal(expected[j], b[v, j], 1e-11 * Math.Abs(expected[j]));
            }
        }
    }

    [Fact]
    public void When_CellFileIsBadOrDisagrees_Expect_ExitCode2()
    {
        CsvMatrix.Write(P("R.csv"), RandomResistances(3, 4, 3));
        File.WriteAllText(P("Rneg.csv"), "1000,-5\n2000,3000\n");
        File.WriteAllText(P("L.csv"), "0,1,2,3\n0,1,2,3\n0,1,2,3\n");
        Assert.Equal(2, Run("crossbar", "--r", P("R.csv"), "--rows", "4", "--out", P("I.csv")));
        Assert.Equal(2, Run("crossbar", "--r", P("R.csv"), "--g", P("R.csv"), "--out", P("I.csv")));
        Assert.Equal(2, Run("crossbar", "--r", P("R.csv"), "--levels", P("L.csv"), "--out", P("I.csv")));
        Assert.Equal(2, Run("crossbar", "--r", P("Rneg.csv"), "--out", P("I.csv")));
        Assert.Equal(2, Run("crossbar", "--cols", "3", "--out", P("I.csv")));
        Assert.False(File.Exists(P("I.csv")));
    }

    [Fact]
    public void When_BenchSolverGivenAResistanceFile_Expect_ItsRowAgreesWithTheDirectSolve()
    {
        CsvMatrix.Write(P("R.csv"), RandomResistances(20, 24, 4));
        Assert.Equal(0, Run("bench", "solver", "--r", P("R.csv"), "--ngspice-limit", "0", "--out", P("b.csv")));
        var lines = File.ReadAllLines(P("b.csv"));
        Assert.Equal(2, lines.Length);
        var row = Bench(lines[0], lines[1]);
        Assert.True(double.Parse(row["direct_error"], CultureInfo.InvariantCulture) < 1e-9);
    }

    internal static Dictionary<string, string> Bench(string header, string line) =>
        header.Split(',').Zip(line.Split(','), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v);
}
