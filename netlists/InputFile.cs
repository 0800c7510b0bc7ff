using System.Runtime.InteropServices;

namespace Xbar;

/// <summary>
/// Reads a file the user named (netlist, matrix, dataset, config) without letting it hang or
/// exhaust the process: only regular files are opened (a FIFO would block the open forever, a
/// device such as <c>/dev/zero</c> never ends), and at most a given number of bytes is read.
/// Problems are <see cref="InvalidInputException"/>s naming the file.
/// </summary>
public static class InputFile
{
    /// <summary>Default bound: 2 GiB, the largest array .NET reads at once.</summary>
    public const long DefaultMaxBytes = int.MaxValue;

    /// <summary>The bytes of <paramref name="path"/>; throws <see cref="InvalidInputException"/> ("path: problem") when it cannot or must not be read.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes = DefaultMaxBytes) =>
        TryReadAllBytes(path, maxBytes, out var problem) ?? throw new InvalidInputException($"{path}: {problem}");

    /// <summary>Throws unless <paramref name="path"/> is an existing regular file (call before handing the path to a library that opens it).</summary>
    public static void EnsureRegular(string path)
    {
        if (Check(path, DefaultMaxBytes) is { } problem) throw new InvalidInputException($"{path}: {problem}");
    }

    /// <summary>The bytes, or null with the reason in <paramref name="problem"/> (without the file name).</summary>
    public static byte[]? TryReadAllBytes(string path, long maxBytes, out string? problem)
    {
        problem = Check(path, maxBytes);
        if (problem is not null) return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                {
                    problem = $"is larger than the {Size(maxBytes)} Xbar reads";
                    return null;
                }
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot be read: {e.Message}";
            return null;
        }
    }

    private static string? Check(string path, long maxBytes)
    {
        if (string.IsNullOrEmpty(path)) return "no file name given";
        if (path.Any(char.IsControl)) return "the file name contains a control character";
        var (kind, size) = FileKind.Of(path);
        return kind switch
        {
            FileKind.Kind.Missing => "file not found",
            FileKind.Kind.Directory => "is a directory, not a file",
            FileKind.Kind.Other => "is not a regular file (a FIFO, socket or device); Xbar reads input from regular files only",
            _ when size > maxBytes => $"is {size} bytes, more than the {Size(maxBytes)} Xbar reads",
            _ => null,
        };
    }

    private static string Size(long bytes) => bytes >= 1L << 20 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
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
