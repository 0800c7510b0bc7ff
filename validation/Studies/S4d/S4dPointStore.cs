using System.Globalization;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// Finished measurements of the S4D study: one file per point in OUT/points (the sweeps'
/// <see cref="PointStore"/>: written whole or not at all), so a rerun or a killed run started again
/// skips them. Keys carry the model's training key and the crossbar config's hash, so a retrained
/// model's or a changed crossbar's old points are not reused; after a change of the tile code
/// itself, delete the folder.
/// <para>Sharded: the study asks for its points in a fixed order, and the i-th point asked for is measured
/// only by shard i mod N (<see cref="ShardSpec.Owns"/>); a point that another shard owns and the folder does not
/// hold yet is counted in <see cref="Missing"/> (its value is NaN, and the study writes no report).</para>
/// </summary>
internal sealed class S4dPointStore
{
    private readonly PointStore _store;
    private readonly ShardSpec _shard;
    private readonly bool _measure;
    private int _asked;

    /// <param name="measure">False for a merge: a point not in the folder is missing, whichever shard owns it.</param>
    public S4dPointStore(string outDir, ShardSpec shard, bool measure = true)
    {
        _store = new PointStore(outDir);
        _store.Prepare(Settings);
        _shard = shard;
        _measure = measure;
    }

    /// <summary>What run.json pins: only the study (keys carry what each point depends on; the options are in options.json).</summary>
    public const string Settings = "{\"study\":\"s4d\"}";

    /// <summary>Points read from an earlier run.</summary>
    public int Reused { get; private set; }

    /// <summary>Points of other shards not in the folder yet.</summary>
    public int Missing { get; private set; }

    /// <summary>Points the study asked for.</summary>
    public int Total => _asked;

    /// <summary>The stored value of <paramref name="key"/>, or <paramref name="measure"/>()'s, stored now, or NaN when another shard owns it.</summary>
    public double GetOrMeasure(string key, Func<double> measure) =>
        GetOrMeasureText(key, () => measure().ToString("R", CultureInfo.InvariantCulture)) is { } text
            ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : double.NaN;

    /// <summary>The stored text of <paramref name="key"/>, or <paramref name="measure"/>()'s (round-trip numbers), stored now, or null when another shard owns it.</summary>
    public string? GetOrMeasureText(string key, Func<string> measure)
    {
        // Point files take letters, digits and _ - . + only.
        var name = string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' ? c : c == '|' ? '.' : '_'));
        int index = _asked++;
        if (_store.Load(name) is { } text)
        {
            Reused++;
            return text.TrimEnd('\n');
        }
        if (!_measure || !_shard.Owns(index))
        {
            Missing++;
            return null;
        }
        string v = measure();
        _store.Save(name, v);
        return v;
    }
}
