using System.Globalization;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// Finished measurements of the S4D study: one file per point in OUT/points (the sweeps'
/// <see cref="PointStore"/>: written whole or not at all), so a rerun or a killed run started again
/// skips them. Keys carry the model's training key and the crossbar config's hash, so a retrained
/// model's or a changed crossbar's old points are not reused; after a change of the tile code
/// itself, delete the folder.
/// </summary>
internal sealed class S4dPointStore
{
    private readonly PointStore _store;

    public S4dPointStore(string outDir)
    {
        _store = new PointStore(outDir);
        PointStore.EnsureWritable(_store.Directory_, _store.PointsDirectory);
    }

    /// <summary>Points read from an earlier run.</summary>
    public int Reused { get; private set; }

    /// <summary>The stored value of <paramref name="key"/>, or <paramref name="measure"/>()'s, stored now.</summary>
    public double GetOrMeasure(string key, Func<double> measure)
    {
        // Point files take letters, digits and _ - . + only.
        var name = string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' ? c : c == '|' ? '.' : '_'));
        if (_store.Load(name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored))
        {
            Reused++;
            return stored;
        }
        double v = measure();
        _store.Save(name, v.ToString("R", CultureInfo.InvariantCulture));
        return v;
    }
}
