using System.Buffers.Binary;
using System.IO.Compression;

namespace Xbar.Behavioral.Data;

/// <summary>
/// Reader and writer of the IDX format used by MNIST and Fashion-MNIST (LeCun et al.,
/// http://yann.lecun.com/exdb/mnist/): a big-endian magic number whose third byte is the element
/// type (0x08 = unsigned byte) and fourth byte the number of dimensions, then one big-endian
/// int32 per dimension, then the elements. Files may be raw or gzip-compressed; the reader tells
/// them apart by the gzip magic bytes (0x1f 0x8b), not by the file name.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an IDX3 unsigned-byte image file (count x rows x cols).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX1 unsigned-byte label file (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX3 ubyte image file. Throws <see cref="InvalidInputException"/> naming the file on any problem.</summary>
    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic, "images (IDX3 ubyte, magic 0x00000803)");
        return new IdxImages(dims[0], dims[1], dims[2], data);
    }

    /// <summary>Reads an IDX1 ubyte label file. Throws <see cref="InvalidInputException"/> naming the file on any problem.</summary>
    public static byte[] ReadLabels(string path)
    {
        var (_, data) = Read(path, LabelsMagic, "labels (IDX1 ubyte, magic 0x00000801)");
        return data;
    }

    /// <summary>Writes an IDX3 ubyte image file, gzip-compressed when <paramref name="gzip"/> is true.</summary>
    public static void WriteImages(string path, IdxImages images, bool gzip) =>
        Write(path, ImagesMagic, [images.Count, images.Rows, images.Cols], images.Pixels, gzip);

    /// <summary>Writes an IDX1 ubyte label file, gzip-compressed when <paramref name="gzip"/> is true.</summary>
    public static void WriteLabels(string path, byte[] labels, bool gzip) =>
        Write(path, LabelsMagic, [labels.Length], labels, gzip);

    private static void Write(string path, int magic, int[] dims, byte[] data, bool gzip)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        stream.Write(word);
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            stream.Write(word);
        }
        stream.Write(data);
    }

    private static (int[] Dims, byte[] Data) Read(string path, int expectedMagic, string what)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found (expected IDX {what})");
        InputFile.EnsureRegular(path); // a FIFO or device would block or never end
        try
        {
            using var file = File.OpenRead(path);
            using var stream = OpenMaybeGzip(file);
            var header = new byte[4];
            if (ReadFully(stream, header) < 4)
                throw new InvalidInputException($"{path}: truncated: no IDX header (expected {what})");
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
                throw new InvalidInputException(
                    $"{path}: wrong magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} for {what}");
            int nDims = expectedMagic & 0xFF;
            var dims = new int[nDims];
            long total = 1;
            for (int i = 0; i < nDims; i++)
            {
                if (ReadFully(stream, header) < 4)
                    throw new InvalidInputException($"{path}: truncated: header ends before dimension {i + 1} of {nDims}");
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(header);
                if (dims[i] <= 0)
                    throw new InvalidInputException($"{path}: dimension {i + 1} is {dims[i]}, must be positive");
                total *= dims[i];
            }
            if (total > int.MaxValue)
                throw new InvalidInputException($"{path}: {total} elements is more than this reader supports");
            // Read in chunks: a header may announce 2 GB that a 16-byte file does not hold.
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 20];
            int got = 0, n;
            while (got < total && (n = ReadFully(stream, chunk.AsSpan(0, (int)Math.Min(chunk.Length, total - got)))) > 0)
            {
                buffer.Write(chunk, 0, n);
                got += n;
            }
            var data = buffer.ToArray();
            if (got < total)
                throw new InvalidInputException(
                    $"{path}: truncated: header announces {total} bytes of data ({string.Join(" x ", dims)}) but the file holds {got}");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: corrupt gzip stream ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidInputException($"{path}: truncated gzip stream", e);
        }
    }

    /// <summary>Wraps the stream in a gzip decoder when it starts with the gzip magic 0x1f 0x8b.</summary>
    private static Stream OpenMaybeGzip(FileStream file)
    {
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}

/// <summary>Raw IDX3 images: <see cref="Count"/> images of <see cref="Rows"/> x <see cref="Cols"/> bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Cols, byte[] Pixels)
{
    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Cols;
}
