using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Xbar.Circuits.IO;

/// <summary>
/// Minimal reader/writer for NumPy's .npy format (version 1.0/2.0/3.0 headers): little-endian
/// float64 ('&lt;f8'), float32, int32 and int64 arrays in C order, 1-D or 2-D (a 1-D array reads
/// as one row). Format described in NumPy's "NEP 1 - A simple file format for NumPy arrays".
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 1-D or 2-D numeric array as doubles ([rows, cols]).</summary>
    public static double[,] ReadDoubles(string path)
    {
        var (shape, descr, data) = ReadRaw(path);
        int rows = shape.Length == 1 ? 1 : shape[0];
        int cols = shape.Length == 1 ? shape[0] : shape[1];
        var a = new double[rows, cols];
        int size = ItemSize(path, descr);
        for (long k = 0; k < (long)rows * cols; k++)
        {
            var span = data.AsSpan((int)(k * size), size);
            double x = descr switch
            {
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(span),
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(span),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(span),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(span),
                _ => throw new InvalidInputException($"{path}: unsupported dtype '{descr}'"),
            };
            if (!double.IsFinite(x))
                throw new InvalidInputException($"{path}: element {k / cols},{k % cols} is not a finite number");
            a[k / cols, k % cols] = x;
        }
        return a;
    }

    /// <summary>Reads a 1-D or 2-D integer array (integral floats accepted).</summary>
    public static int[,] ReadInts(string path)
    {
        var d = ReadDoubles(path);
        var a = new int[d.GetLength(0), d.GetLength(1)];
        for (int i = 0; i < d.GetLength(0); i++)
            for (int j = 0; j < d.GetLength(1); j++)
            {
                double x = d[i, j];
                if (x != Math.Floor(x) || Math.Abs(x) > int.MaxValue)
                    throw new InvalidInputException($"{path}: element {i},{j} ({x.ToString(CultureInfo.InvariantCulture)}) is not an integer");
                a[i, j] = (int)x;
            }
        return a;
    }

    /// <summary>Writes a 2-D float64 array (C order, little-endian, format version 1.0).</summary>
    public static void Write(string path, double[,] values)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        // Pad so that magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        using var stream = File.Create(path);
        stream.Write(Magic);
        stream.WriteByte(1); stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buffer = new byte[8 * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * j), values[i, j]);
            stream.Write(buffer);
        }
    }

    private static (int[] Shape, string Descr, byte[] Data) ReadRaw(string path)
    {
        byte[] bytes = MatrixFile.ReadBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidInputException($"{path}: not a .npy file (bad magic bytes)");
        int major = bytes[6];
        int headerLength, offset;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); offset = 10; }
        else if (major is 2 or 3) { headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); offset = 12; }
        else throw new InvalidInputException($"{path}: unsupported .npy version {major}");
        if (headerLength < 0 || offset + (long)headerLength > bytes.Length) throw new InvalidInputException($"{path}: truncated .npy header");
        string header = Encoding.UTF8.GetString(bytes, offset, headerLength);
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
            throw new InvalidInputException($"{path}: unreadable .npy header '{header.Trim()}'");
        string d = descr.Groups[1].Value.Replace("|", "<");
        if (order.Groups[1].Value == "True")
            throw new InvalidInputException($"{path}: Fortran-order arrays are not supported; save with C order");
        var dims = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dims.Length is < 1 or > 2)
            throw new InvalidInputException($"{path}: expected a 1-D or 2-D array, got {dims.Length}-D");
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            // A dimension is a whole number of elements that fits the data: a negative or huge one is a broken header.
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out long dim) || dim > int.MaxValue)
                throw new InvalidInputException($"{path}: .npy header dimension '{dims[i]}' is not a whole number of elements (0..{int.MaxValue})");
            shape[i] = (int)dim;
        }
        if (shape.Any(s => s == 0)) throw new InvalidInputException($"{path}: the array is empty");
        int size = ItemSize(path, d);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        long dataStart = offset + (long)headerLength;
        if (bytes.Length - dataStart < count * size)
            throw new InvalidInputException($"{path}: truncated data ({bytes.Length - dataStart} bytes for {count} elements of {size} bytes)");
        return (shape, d, bytes[(int)dataStart..]);
    }

    private static int ItemSize(string path, string descr) => descr switch
    {
        "<f8" or "<i8" => 8,
        "<f4" or "<i4" => 4,
        _ => throw new InvalidInputException($"{path}: unsupported dtype '{descr}' (use little-endian float64, float32, int32 or int64)"),
    };

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

/// <summary>Reads/writes a matrix as CSV or .npy, chosen by the file extension.</summary>
public static class MatrixFile
{
    /// <summary>Largest matrix file read (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The file's bytes; a missing, special (FIFO, device) or oversized file is invalid input naming it.</summary>
    public static byte[] ReadBytes(string path) => InputFile.ReadAllBytes(path, MaxBytes);

    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    public static double[,] ReadDoubles(string path) => IsNpy(path) ? NpyFile.ReadDoubles(path) : CsvMatrix.ReadDoubles(path);

    /// <summary>
    /// Largest magnitude accepted by <see cref="ReadValues"/>: weights and inputs are multiplied and
    /// squared (MVMs, mean-square errors, clip searches), and 1e150 squared is still finite while
    /// 1e308 squared is not, which would surface later as a NaN with no file named.
    /// </summary>
    public const double MaxValueMagnitude = 1e150;

    /// <summary><see cref="ReadDoubles"/>, refusing any value beyond <see cref="MaxValueMagnitude"/> with the file and element.</summary>
    public static double[,] ReadValues(string path)
    {
        var a = ReadDoubles(path);
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (Math.Abs(a[i, j]) > MaxValueMagnitude)
                    throw new InvalidInputException(
                        $"{path}: value {a[i, j].ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} at row {i + 1}, column {j + 1} is beyond ±1e150: its square overflows double precision; scale the matrix");
        return a;
    }

    public static int[,] ReadInts(string path) => IsNpy(path) ? NpyFile.ReadInts(path) : CsvMatrix.ReadInts(path);

    /// <summary>Writes by extension; a path that cannot be written (missing folder, no permission) is invalid input naming it.</summary>
    public static void Write(string path, double[,] values)
    {
        try
        {
            if (IsNpy(path)) NpyFile.Write(path, values);
            else CsvMatrix.Write(path, values);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"{path}: cannot write the output file ({e.Message})");
        }
    }
}
