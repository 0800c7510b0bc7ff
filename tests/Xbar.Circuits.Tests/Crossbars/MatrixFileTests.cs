using Xbar.Circuits.IO;

namespace Xbar.Circuits.Tests.Crossbars;

public class MatrixFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-io-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string f) => Path.Combine(_dir, f);

    [Fact]
    public void When_NpyWrittenAndRead_Expect_SameValuesBitForBit()
    {
        var a = new double[,] { { 1.5, -2e-7, Math.PI }, { 0, 1e300, -0.0 } };
        NpyFile.Write(P("a.npy"), a);
        Assert.Equal(a, NpyFile.ReadDoubles(P("a.npy")));
        var bytes = File.ReadAllBytes(P("a.npy"));
        int headerEnd = 10 + BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, headerEnd % 64); // aligned as the format asks
    }

    [Fact]
    public void When_NpyIsInt64OneDimensional_Expect_OneRowOfInts()
    {
        // Hand-built header: '<i8', shape (3,).
        string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }";
        header = header.PadRight(64 - 10 - 1) + "\n";
        using (var f = File.Create(P("i.npy")))
        {
            f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            f.Write(BitConverter.GetBytes((ushort)header.Length));
            f.Write(System.Text.Encoding.ASCII.GetBytes(header));
            foreach (long x in new long[] { 3, 0, 2 }) f.Write(BitConverter.GetBytes(x));
        }
        Assert.Equal(new int[,] { { 3, 0, 2 } }, NpyFile.ReadInts(P("i.npy")));
    }

    [Fact]
    public void When_CsvIsRaggedOrNotNumeric_Expect_FileAndLineInMessage()
    {
        File.WriteAllText(P("r.csv"), "1,2,3\n# comment\n4,5\n");
        var e = Assert.Throws<InvalidInputException>(() => CsvMatrix.ReadDoubles(P("r.csv")));
        Assert.Contains("r.csv:3:", e.Message);
        File.WriteAllText(P("n.csv"), "1,2\n3,abc\n");
        e = Assert.Throws<InvalidInputException>(() => CsvMatrix.ReadDoubles(P("n.csv")));
        Assert.Contains("n.csv:2:", e.Message);
        Assert.Contains("abc", e.Message);
        File.WriteAllText(P("e.csv"), "\n");
        Assert.Throws<InvalidInputException>(() => CsvMatrix.ReadInts(P("e.csv")));
        File.WriteAllBytes(P("bad.npy"), [1, 2, 3]);
        Assert.Throws<InvalidInputException>(() => NpyFile.ReadDoubles(P("bad.npy")));
    }

    [Fact]
    public void When_CsvRoundTrips_Expect_SameValues()
    {
        var a = new double[,] { { 1.0 / 3, -5e-300 }, { 7, 2.5e10 } };
        MatrixFile.Write(P("x.csv"), a);
        Assert.Equal(a, MatrixFile.ReadDoubles(P("x.csv")));
    }
}

/// <summary>Matrix files that would crash a naive reader: broken NPY dimensions, devices, FIFOs, unwritable outputs.</summary>
public class HostileMatrixFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-io-hostile-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Npy(string shape)
    {
        var path = Path.Combine(_dir, "h.npy");
        string header = ("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }").PadRight(64 - 10 - 1) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(System.Text.Encoding.ASCII.GetBytes(header));
        f.Write(new byte[64]);
        return path;
    }

    [Theory]
    [InlineData("(-3, 2)", "is not a whole number of elements")]
    [InlineData("(99999999999999999999, 2)", "is not a whole number of elements")]
    [InlineData("(4294967296,)", "is not a whole number of elements")]
    [InlineData("(65536, 65536)", "truncated data")]
    public void When_NpyHeaderDimensionIsNegativeOrHuge_Expect_InvalidInputNamingFile(string shape, string fragment)
    {
        var path = Npy(shape);
        var e = Assert.Throws<InvalidInputException>(() => MatrixFile.ReadDoubles(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Theory]
    [InlineData("/dev/zero.npy")]
    [InlineData("/dev/zero")]
    public void When_MatrixFileIsADevice_Expect_InvalidInputNotEndlessRead(string path)
    {
        var e = Assert.Throws<InvalidInputException>(() => MatrixFile.ReadDoubles(path));
        Assert.Contains(path.EndsWith(".npy") ? "file not found" : "not a regular file", e.Message);
    }

    [Fact]
    public void When_OutputFolderMissing_Expect_InvalidInputNamingThePath()
    {
        var path = Path.Combine(_dir, "missing", "y.csv");
        var e = Assert.Throws<InvalidInputException>(() => MatrixFile.Write(path, new double[,] { { 1 } }));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void When_ValueBeyond1e150_Expect_InvalidInputNamingFileRowAndColumn()
    {
        var path = Path.Combine(_dir, "w.csv");
        File.WriteAllText(path, "1,2\n3,1e308\n");
        var e = Assert.Throws<InvalidInputException>(() => MatrixFile.ReadValues(path));
        Assert.Contains($"{path}: value 1E+308 at row 2, column 2", e.Message);
    }
}
