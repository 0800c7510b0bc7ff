namespace Xbar.Netlists;

/// <summary>Collects diagnostics so reading can go on after an error and report them all at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<NetlistDiagnostic> _items = [];

    public IReadOnlyList<NetlistDiagnostic> Items => _items;

    public bool HasErrors => _items.Count > 0;

    public void Add(string file, int line, string message) => _items.Add(new NetlistDiagnostic(file, line, message));

    public void Add(SourceLocation location, string message) => _items.Add(new NetlistDiagnostic(location, message));

    public void AddRange(IEnumerable<NetlistDiagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Throws <see cref="NetlistValidationException"/> with everything collected, sorted by file order of appearance and line.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count == 0) return;
        var fileOrder = _items.Select(d => d.File).Distinct().Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i);
        throw new NetlistValidationException(
            _items.Distinct().OrderBy(d => fileOrder[d.File]).ThenBy(d => d.Line).ToList());
    }
}
