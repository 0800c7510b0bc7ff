using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Optimization;

/// <summary>
/// A training run's complete state, so that a killed run resumes to the same bits: every parameter
/// and buffer of the network, the optimizer's moments and step count, the step reached, the
/// partial sums of the current epoch and the finished epochs' records. Shuffles, augmentation and
/// noise are derived from (seed, epoch, step), so nothing else is needed. File layout: the 8 bytes
/// <c>XBARCKP1</c>, a little-endian int32 length and that many bytes of UTF-8 JSON (the
/// <see cref="Header"/>: fingerprint, element type, step, array names and lengths), then the arrays'
/// raw little-endian values in the header's order. Written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class TrainingCheckpoint
{
    private static readonly byte[] Magic = "XBARCKP1"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The JSON part of a checkpoint.</summary>
    public sealed record Header(
        string Fingerprint,
        string Element,
        long Step,
        long OptimizerSteps,
        double EpochLossSum,
        int EpochCorrect,
        int EpochSeen,
        double EpochSeconds,
        IReadOnlyList<EpochRecord> History,
        IReadOnlyList<string> Arrays,
        IReadOnlyList<int> Lengths);

    /// <summary>Writes the checkpoint of <paramref name="network"/> and <paramref name="optimizer"/> at <paramref name="header"/>'s step.</summary>
    public static void Save<T>(string path, Header header, Network<T> network, Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arrays = Arrays(network, optimizer).ToArray();
        header = header with
        {
            Element = ElementName<T>(),
            Arrays = arrays.Select(a => a.Name).ToArray(),
            Lengths = arrays.Select(a => a.Values.Length).ToArray(),
        };
        AtomicFile.Write(path, stream =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
            stream.Write(Magic);
            stream.Write(BitConverter.GetBytes(json.Length));
            stream.Write(json);
            foreach (var (_, values) in arrays) stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        });
    }

    /// <summary>
    /// Reads a checkpoint into <paramref name="network"/> and <paramref name="optimizer"/> (in place) and
    /// returns its header. Refuses a file written for another run (fingerprint), another element type
    /// or another set of arrays, naming the file.
    /// </summary>
    public static Header Load<T>(string path, string fingerprint, Network<T> network, Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = File.OpenRead(path);
        var magic = new byte[Magic.Length];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(Magic))
            throw new InvalidInputException($"{path}: not an Xbar training checkpoint (no XBARCKP1 header)");
        var lengthBytes = new byte[4];
        stream.ReadExactly(lengthBytes);
        int length = BitConverter.ToInt32(lengthBytes);
        if (length <= 0 || length > 64 << 20) throw new InvalidInputException($"{path}: corrupt checkpoint header length {length}");
        var json = new byte[length];
        stream.ReadExactly(json);
        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(json, Json) ?? throw new InvalidInputException($"{path}: empty checkpoint header");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: corrupt checkpoint header ({e.Message})", e);
        }
        if (header.Fingerprint != fingerprint)
            throw new InvalidInputException(
                $"{path}: this checkpoint belongs to a run with other settings, data or starting weights; delete it or choose another --out folder");
        if (header.Element != ElementName<T>())
            throw new InvalidInputException($"{path}: checkpoint holds {header.Element} values, this run trains in {ElementName<T>()}");
        var arrays = Arrays(network, optimizer).ToArray();
        if (header.Arrays.Count != arrays.Length || header.Lengths.Count != arrays.Length)
            throw new InvalidInputException($"{path}: checkpoint holds {header.Arrays.Count} arrays, the run has {arrays.Length}");
        for (int i = 0; i < arrays.Length; i++)
        {
            if (header.Arrays[i] != arrays[i].Name || header.Lengths[i] != arrays[i].Values.Length)
                throw new InvalidInputException($"{path}: array {i} is {header.Arrays[i]} [{header.Lengths[i]}], the run expects {arrays[i].Name} [{arrays[i].Values.Length}]");
            try
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(arrays[i].Values.AsSpan()));
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidInputException($"{path}: checkpoint truncated in array {arrays[i].Name}", e);
            }
        }
        optimizer.RestoreSteps(header.OptimizerSteps);
        return header;
    }

    private static IEnumerable<(string Name, T[] Values)> Arrays<T>(Network<T> network, Optimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        network.Parameters.Select(p => (p.Name, p.Value)).Concat(optimizer.State);

    private static string ElementName<T>() => typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T).Name;

    /// <summary>A short hash of <paramref name="text"/> (16 hex digits of SHA-256).</summary>
    public static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
