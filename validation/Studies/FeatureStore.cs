using System.Runtime.InteropServices;

namespace Xbar.Validation.Studies;

/// <summary>
/// Features of a long run, checkpointed chunk by chunk so it never loses finished work: each chunk of
/// images is one file DIR/NAME/START-COUNT.f64 (count x width doubles, little-endian), written to a temporary
/// file and then moved into place, so a file that exists is complete. A resumed run reads back the chunks
/// that exist and computes only the others.
/// </summary>
public sealed class FeatureStore(string directory, int width)
{
    public string Directory { get; } = directory;
    public int Width { get; } = width;

    private string ChunkPath(string name, int start, int count) => Path.Combine(Directory, name, $"{start:D6}-{count:D6}.f64");

    /// <summary>
    /// The features of <paramref name="total"/> images under <paramref name="name"/>, in chunks of
    /// <paramref name="chunk"/>: chunks on disk are read, missing ones computed by <paramref name="compute"/>
    /// (start, count -> count x width values) and saved before the next one starts.
    /// </summary>
    public double[] GetOrCompute(string name, int total, int chunk, Func<int, int, double[]> compute, Action<int, int, bool>? progress = null) =>
        GetOrCompute(name, total, chunk, compute, _ => true, progress)!;

    /// <summary>
    /// As <see cref="GetOrCompute(string, int, int, Func{int, int, double[]}, Action{int, int, bool}?)"/>, but computes only the
    /// missing chunks whose index (start / chunk) <paramref name="owns"/> accepts (a shard's); null when a chunk that another
    /// shard owns is not on disk yet (the chunks this one owns are computed and saved all the same).
    /// </summary>
    public double[]? GetOrCompute(string name, int total, int chunk, Func<int, int, double[]> compute, Func<int, bool> owns, Action<int, int, bool>? progress = null)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, name));
        var all = new double[(long)total * Width];
        bool complete = true;
        for (int start = 0; start < total; start += chunk)
        {
            int count = Math.Min(chunk, total - start);
            string path = ChunkPath(name, start, count);
            double[] values;
            bool cached = File.Exists(path);
            if (!cached && !owns(start / chunk))
            {
                complete = false;
                continue;
            }
            if (cached)
            {
                var bytes = File.ReadAllBytes(path);
                if (bytes.Length != (long)count * Width * sizeof(double))
                    throw new InvalidDataException($"{path}: {bytes.Length} bytes, expected {count} x {Width} doubles (delete it to recompute)");
                values = MemoryMarshal.Cast<byte, double>(bytes).ToArray();
            }
            else
            {
                values = compute(start, count);
                if (values.Length != count * Width)
                    throw new InvalidOperationException($"{name}: {values.Length} features for {count} images of {Width}");
                string tmp = path + ".tmp-" + Guid.NewGuid().ToString("N"); // shards sharing --features may write the same chunk at once
                File.WriteAllBytes(tmp, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
                File.Move(tmp, path, overwrite: true);
            }
            Array.Copy(values, 0, all, (long)start * Width, values.Length);
            progress?.Invoke(start + count, total, cached);
        }
        return complete ? all : null;
    }

    /// <summary>Whether every chunk of <paramref name="name"/> is on disk.</summary>
    public bool IsComplete(string name, int total, int chunk) => Missing(name, total, chunk) == 0;

    /// <summary>How many chunks of <paramref name="name"/> are not on disk.</summary>
    public int Missing(string name, int total, int chunk)
    {
        int missing = 0;
        for (int start = 0; start < total; start += chunk)
            if (!File.Exists(ChunkPath(name, start, Math.Min(chunk, total - start)))) missing++;
        return missing;
    }
}
