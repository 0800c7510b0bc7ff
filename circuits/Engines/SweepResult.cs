namespace Xbar.Circuits.Engines;

/// <summary>
/// A swept analysis (<c>.dc</c> or <c>.tran</c>): a sweep variable (the source value for
/// <c>.dc</c>, named as the engine names it, e.g. ngspice's <c>v-sweep</c>; <c>time</c> in
/// seconds for <c>.tran</c>) and one vector per quantity, all of the sweep's length.
/// </summary>
public sealed class SweepResult : AnalysisResult
{
    private readonly Dictionary<string, double[]> _vectors;

    /// <param name="name">Analysis name (e.g. <c>tran1</c>).</param>
    /// <param name="kind"><see cref="AnalysisKind.DcSweep"/>, <see cref="AnalysisKind.Transient"/> or <see cref="AnalysisKind.Other"/>.</param>
    /// <param name="sweepName">Name of the sweep variable.</param>
    /// <param name="sweep">Its values.</param>
    /// <param name="vectors">The other vectors in report order, each as long as <paramref name="sweep"/>.</param>
    public SweepResult(string name, AnalysisKind kind, string sweepName, double[] sweep,
        IEnumerable<KeyValuePair<string, double[]>> vectors)
        : base(name, kind)
    {
        if (kind == AnalysisKind.OperatingPoint)
            throw new ArgumentException("An operating point is not a sweep.", nameof(kind));
        SweepName = sweepName;
        Sweep = sweep;
        _vectors = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase) { [sweepName] = sweep };
        var names = new List<string>();
        foreach (var (key, value) in vectors)
        {
            if (value.Length != sweep.Length)
                throw new ArgumentException($"Vector '{key}' has {value.Length} points, the sweep {sweep.Length}.", nameof(vectors));
            if (_vectors.TryAdd(key, value)) names.Add(key);
        }
        VectorNames = names;
    }

    public string SweepName { get; }

    public IReadOnlyList<double> Sweep { get; }

    /// <summary>Number of sweep points.</summary>
    public int Count => Sweep.Count;

    /// <summary>Names of the vectors other than the sweep variable, in report order.</summary>
    public IReadOnlyList<string> VectorNames { get; }

    public bool Contains(string name) => _vectors.ContainsKey(name);

    /// <summary>The vector <paramref name="name"/> (the sweep variable's name works too), case-insensitive.</summary>
    /// <exception cref="KeyNotFoundException">No such vector.</exception>
    public IReadOnlyList<double> Vector(string name) =>
        _vectors.TryGetValue(name, out var v)
            ? v
            : throw new KeyNotFoundException($"The analysis {Name} has no vector '{name}'.");

    /// <summary>Voltage of <paramref name="node"/> at every sweep point, in volts.</summary>
    public IReadOnlyList<double> NodeVoltage(string node) =>
        IsGround(node) ? new double[Count] : Vector(VoltageName(node));

    /// <summary>Current through branch element <paramref name="element"/> at every sweep point, in amperes.</summary>
    public IReadOnlyList<double> BranchCurrent(string element) => Vector(CurrentName(element));
}
