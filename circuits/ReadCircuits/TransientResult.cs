namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// The vectors of one transient run: the time axis (s) and every saved vector by its ngspice name
/// (<c>v(node)</c>, <c>i(vsource)</c>), names compared case-insensitively.
/// </summary>
public sealed class TransientResult
{
    private readonly Dictionary<string, double[]> _vectors;

    public TransientResult(double[] time, IReadOnlyDictionary<string, double[]> vectors)
    {
        Time = time;
        _vectors = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in vectors)
        {
            if (values.Length != time.Length)
                throw new ArgumentException($"Vector '{name}' has {values.Length} points, time has {time.Length}.");
            _vectors[name] = values;
        }
    }

    /// <summary>Time points (s), increasing.</summary>
    public double[] Time { get; }

    /// <summary>Names of the saved vectors.</summary>
    public IEnumerable<string> Names => _vectors.Keys;

    /// <summary>The vector named <paramref name="name"/> (e.g. <c>v(bl)</c>).</summary>
    public double[] this[string name] =>
        _vectors.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"The simulation did not save vector '{name}'.");

    public bool Contains(string name) => _vectors.ContainsKey(name);
}
