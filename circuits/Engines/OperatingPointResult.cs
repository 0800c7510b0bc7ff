namespace Xbar.Circuits.Engines;

/// <summary>A DC operating point (<c>.op</c>): one value per node voltage and branch current.</summary>
public sealed class OperatingPointResult : AnalysisResult
{
    private readonly Dictionary<string, double> _values;

    /// <param name="name">Analysis name (e.g. <c>op1</c>).</param>
    /// <param name="values">Values by name (<c>v(node)</c> in volts, <c>i(source)</c> in amperes), in the order to report them.</param>
    public OperatingPointResult(string name, IEnumerable<KeyValuePair<string, double>> values)
        : base(name, AnalysisKind.OperatingPoint)
    {
        _values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var (key, value) in values)
        {
            if (_values.TryAdd(key, value)) names.Add(key);
        }
        Names = names;
    }

    /// <summary>Every quantity, in report order (node voltages, then branch currents, then the rest).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Values by name, case-insensitive.</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    public bool TryGetValue(string name, out double value) => _values.TryGetValue(name, out value);

    /// <summary>The value of <paramref name="name"/> (<c>v(node)</c>, <c>i(source)</c>).</summary>
    /// <exception cref="KeyNotFoundException">The result has no such quantity.</exception>
    public double Value(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The operating point {Name} has no quantity '{name}'.");

    /// <summary>Voltage of <paramref name="node"/> against ground, in volts (0 for the ground node).</summary>
    public double NodeVoltage(string node) => IsGround(node) ? 0.0 : Value(VoltageName(node));

    /// <summary>Current through branch element <paramref name="element"/> (a voltage source, inductor, E/H source), in amperes.</summary>
    public double BranchCurrent(string element) => Value(CurrentName(element));
}
