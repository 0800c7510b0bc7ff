using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;

namespace Xbar.Validation.Networks;

/// <summary>
/// The test images of <c>xbar run</c> as points of a sharded sweep (<see cref="Sharding.ShardedSweep"/>):
/// consecutive chunks of <see cref="ModelRunOptions.ChunkImages"/> images, each stored as two lines of
/// round-trip numbers (the float outputs, then the tile outputs), so the summary built from the stored
/// chunks is the same whichever shards computed them, and a killed run resumes at its first missing chunk.
/// </summary>
public static class ModelRunChunks
{
    /// <summary>One chunk: its index and the test images [Start, Start + Count).</summary>
    public sealed record Chunk(int Index, int Start, int Count);

    /// <summary>The chunks of <paramref name="images"/> test images, in order.</summary>
    public static IReadOnlyList<Chunk> Of(int images, int chunkImages) =>
        Enumerable.Range(0, (images + chunkImages - 1) / chunkImages)
            .Select(c => new Chunk(c, c * chunkImages, Math.Min(chunkImages, images - c * chunkImages))).ToList();

    public static string Key(Chunk c) => $"chunk-{c.Index:D5}";

    /// <summary>The float and tile outputs of a chunk (images x outputs each) as two lines of round-trip numbers.</summary>
    public static string Format(double[] floatOut, double[] tileOut) => Line(floatOut) + "\n" + Line(tileOut) + "\n";

    /// <summary>The float and tile outputs stored by <see cref="Format"/>; <paramref name="expected"/> values each.</summary>
    public static (double[] Float, double[] Tile) Parse(string text, int expected, string source)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        if (lines.Length != 2) throw new InvalidInputException($"{source}: expected 2 lines (float, tile outputs), found {lines.Length}; delete the file to recompute it.");
        double[] Values(string line) => line.Length == 0 ? [] : line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (f, t) = (Values(lines[0]), Values(lines[1]));
        if (f.Length != expected || t.Length != expected)
            throw new InvalidInputException($"{source}: expected {expected} outputs per line, found {f.Length} and {t.Length}; delete the file to recompute it.");
        return (f, t);
    }

    /// <summary>
    /// The settings a chunk's outputs depend on, pinned in the folder's run.json: the model file's
    /// SHA-256 (a retrained model at the same path is another run), the data, preprocessing, tile
    /// config and calibration, and everything that changes the per-layer settings or the chunking.
    /// </summary>
    public static string Settings(ModelRunOptions o)
    {
        string json = JsonSerializer.Serialize(new
        {
            command = "run",
            model = Path.GetFullPath(o.ModelPath),
            modelSha256 = Sha256(File.ReadAllBytes(o.ModelPath)),
            data = o.DataDir is null ? "mnist10k" : Path.GetFullPath(o.DataDir),
            preprocessing = o.Preprocessing,
            tileSha256 = Sha256(Encoding.UTF8.GetBytes(TileConfigJson.Serialize(o.Tile, indented: false))),
            calibrationSha256 = o.Calibration is null ? null : Sha256(Encoding.UTF8.GetBytes(TileCalibration.Serialize(o.Calibration))),
            limit = o.Limit,
            rangeImages = o.RangeImages,
            batch = o.Batch,
            chunkImages = o.ChunkImages,
            seed = o.Seed,
            weightClip = o.WeightClip.ToString(),
            adcRange = o.AdcRange.ToString(),
        });
        // Slicing and a non-default ADC quantile are appended only when set, so folders of whole-weight runs keep the
        // run.json of earlier versions and still resume.
        if (o.Cells.Slicing is null && o.AdcQuantile == MeasuredLayerSettings.AdcRangeQuantile) return json;
        string extra = JsonSerializer.Serialize(new { adcQuantile = o.AdcQuantile, cellBits = o.CellBits, weightBits = o.Cells.Slicing?.WeightBits });
        return json[..^1] + "," + extra[1..];
    }

    private static string Line(double[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
