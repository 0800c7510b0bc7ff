using System.Text.RegularExpressions;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Tests;

/// <summary>The example of docs/library.md is compiled here (the same statements) and its results checked against independent references.</summary>
public partial class LibraryExampleTests
{
    [Fact]
    public void When_DocumentedExampleRuns_Expect_OhmKirchhoffIdealTileAndDividerResults()
    {
        // docs/library.md example begins
        // 1. The exact solver: column currents (A) of a 2x2 crossbar of conductances (S) with 1 Ohm wire segments.
        double[,] g = { { 1e-4, 2e-4 }, { 3e-4, 4e-4 } };
        double[] columns = XbarLibrary.ColumnCurrents(g, rowVoltages: [0.1, 0.2], wireOhm: 1.0);

        // 2. A behavioral tile: y = W x on multi-state RRAM cells (preset rram: IR drop, DAC, ADC, device spread).
        double[,] w = { { 0.5, -0.25 }, { 0.125, 1.0 } };
        var tile = XbarLibrary.ProgramTile(w, preset: "rram", seed: 1);
        double[] y = tile.Multiply([0.2, 0.4]);

        // 3. The network engine: a 2-3-2 MLP whose weight products run on 4x4 tiles (ideal ones here).
        var mlp = Mlp.CreateRandom([2, 3, 2], Activation.Relu, OutputKind.Softmax, seed: 1);
        var network = XbarLibrary.ProgramNetwork(mlp, preset: "ideal");
        double[] logits = network.Logits([0.2, 0.4]);

        // 4. A SPICE netlist on an engine ("nodal" or "ngspice"); results carry ngspice's names.
        var result = XbarLibrary.Simulate("divider\nV1 in 0 3\nR1 in out 1k\nR2 out 0 2k\n.op\n.end\n", engine: "nodal");
        double vout = result.OperatingPoint.NodeVoltage("out"); // 2 V

        // 5. Any ONNX model (opset 8 or later) through the same engine: here the MLP above, exported and imported again.
        string path = Path.Combine(Path.GetTempPath(), $"xbar-library-{Environment.ProcessId}.onnx");
        XbarLibrary.ExportOnnx(MlpGraph.From(mlp), path);
        var graph = XbarLibrary.ImportOnnx(path);
        double[] graphLogits = XbarLibrary.ProgramGraph(graph, preset: "ideal").RunAll([0.2, 0.4], count: 1);
        // docs/library.md example ends

        // Ohm and Kirchhoff: without wires the column currents would be sum_i g_ij v_i; 1 Ohm segments lower them by well under 1 %.
        double[] ideal = [1e-4 * 0.1 + 3e-4 * 0.2, 2e-4 * 0.1 + 4e-4 * 0.2];
        for (int j = 0; j < 2; j++) Assert.InRange(columns[j], 0.99 * ideal[j], ideal[j]);
        // The RRAM tile's analog path (DAC, cells, IR drop, ADC) computes its quantized weights Q times x
        // to within 2 % of the largest |Q| |x| sum, and each Q lies within 1/3 of W (clipped and rounded to 16 levels).
        var q = tile.Mapped.QuantizedWeights;
        double scale = Enumerable.Range(0, 2).Max(o => Math.Abs(q[o, 0]) * 0.2 + Math.Abs(q[o, 1]) * 0.4);
        for (int o = 0; o < 2; o++)
        {
            double qx = q[o, 0] * 0.2 + q[o, 1] * 0.4;
            Assert.True(Math.Abs(y[o] - qx) <= 0.02 * scale, $"y[{o}] = {y[o]}, Q x = {qx}");
            for (int i = 0; i < 2; i++) Assert.InRange(Math.Abs(q[o, i] - w[o, i]), 0, 1.0 / 3 + 1e-12);
        }
        // An ideal tile is exactly W x: the tiled network equals the float network.
        Assert.Equal(mlp.Logits([0.2, 0.4]), logits, new Tolerance(1e-12));
        Assert.Equal(2.0, vout, 12);
        // The ONNX round trip stores float32 weights; on ideal tiles the graph is W x of those weights.
        File.Delete(path);
        Assert.Equal(mlp.Logits([0.2, 0.4]), graphLogits, new Tolerance(1e-6));
    }

    [Fact]
    public void When_DocExampleRead_Expect_SameStatementsAsThisTest()
    {
        var doc = File.ReadAllText(Path.Combine(Root(), "docs", "library.md"));
        var block = DocBlock().Match(doc).Groups[1].Value;
        var docCode = Normalize(block.Split('\n').Where(l => !l.TrimStart().StartsWith("using ")));
        var test = File.ReadAllText(Path.Combine(Root(), "tests", "Xbar.Behavioral.Tests", "LibraryExampleTests.cs"));
        int from = test.IndexOf("// docs/library.md example begins", StringComparison.Ordinal);
        int to = test.IndexOf("// docs/library.md example ends", StringComparison.Ordinal);
        var testCode = Normalize(test[from..to].Split('\n').Skip(1));
        Assert.Equal(docCode, testCode);
    }

    private static string Normalize(IEnumerable<string> lines) =>
        string.Join("\n", lines.Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Circuit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Circuit.sln not found above the test assembly");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex DocBlock();

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double v) => 0;
    }
}
