using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Reads a netlist or <c>.include</c> file from disk as text, refusing what is not a netlist before
/// it can hang or exhaust the process: only regular files (a FIFO would block the read forever,
/// <c>/dev/zero</c> never ends), at most <see cref="MaxBytes"/>, UTF-8 or ASCII only. A file that
/// starts with a UTF-16 byte-order mark (FF FE or FE FF) is refused rather than decoded as UTF-16
/// (ngspice reads bytes, so it would see a different netlist); a UTF-8 byte-order mark is skipped;
/// an invalid UTF-8 byte is reported with its line.
/// </summary>
internal static class SourceFile
{
    /// <summary>Largest netlist or include file read (64 MiB, far above any hand-written or generated netlist here).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>The text of <paramref name="path"/>, or null after reporting why not through <paramref name="error"/> (a message without location).</summary>
    public static string? Read(string path, Action<string> error, Action<int, string> errorAtLine)
    {
        if (path.Any(char.IsControl))
        {
            error("the file name contains a control character");
            return null;
        }
        var (kind, size) = FileKind.Of(path);
        switch (kind)
        {
            case FileKind.Kind.Missing: error("file not found"); return null;
            case FileKind.Kind.Directory: error("is a directory, not a netlist file"); return null;
            case FileKind.Kind.Other: error("is not a regular file (a FIFO, socket or device); Xbar reads netlists from regular files only"); return null;
        }
        if (size > MaxBytes)
        {
            error($"is {size} bytes, more than the {MaxBytes >> 20} MiB a netlist may have");
            return null;
        }
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBytes)
                {
                    error($"is more than the {MaxBytes >> 20} MiB a netlist may have");
                    return null;
                }
            }
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error($"cannot be read: {e.Message}");
            return null;
        }
        return Decode(bytes, errorAtLine);
    }

    /// <summary>Strict UTF-8 decoding; reports a UTF-16 byte-order mark or the line of the first invalid byte.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, Action<int, string> errorAtLine)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            errorAtLine(1, $"the file starts with the UTF-16 byte-order mark {bytes[0]:X2} {bytes[1]:X2}: Xbar and ngspice read netlists as bytes (ASCII/UTF-8); save it as UTF-8");
            return null;
        }
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done) return new string(chars, 0, written);
        int line = 1 + bytes[..read].Count((byte)'\n');
        errorAtLine(line, $"invalid UTF-8 byte 0x{bytes[read]:X2}: a netlist must be ASCII or UTF-8 text");
        return null;
    }
}

/// <summary>
/// The type and size of a path without opening it (opening a FIFO blocks until a writer comes).
/// Linux: <c>statx(2)</c>, whose buffer layout is the same on every architecture; elsewhere the
/// .NET file APIs, which cannot tell a FIFO from a file, so only the size bound protects there.
/// </summary>
internal static class FileKind
{
    public enum Kind { Missing, Regular, Directory, Other }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int ModeOffset = 28, SizeOffset = 40, StructSize = 256;
    private const int TypeMask = 0xF000, Regular = 0x8000, DirectoryType = 0x4000;

    public static (Kind Kind, long Size) Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[StructSize];
                if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0) return (Kind.Missing, 0);
                int mode = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
                long size = BitConverter.ToInt64(buffer, SizeOffset);
                return (mode == Regular ? Kind.Regular : mode == DirectoryType ? Kind.Directory : Kind.Other, size);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }
        }
        if (Directory.Exists(path)) return (Kind.Directory, 0);
        if (!File.Exists(path)) return (Kind.Missing, 0);
        return (Kind.Regular, new FileInfo(path).Length);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
