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
        var bytes = InputFile.TryReadAllBytes(path, MaxBytes, out var problem);
        if (bytes is null)
        {
            error(problem!);
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

