namespace Xbar.Netlists;

/// <summary>
/// An immutable SPICE circuit: what <see cref="NetlistReader"/> returns, what builders create in
/// code and what <see cref="NetlistWriter"/> turns back into ngspice text. Two netlists are equal
/// when they describe the same circuit and analyses (source locations are ignored), which is what
/// makes write -> read checkable.
/// </summary>
public sealed record Netlist
{
    private readonly ValueList<Element> _elements;
    private readonly ValueList<Analysis> _analyses;
    private readonly ValueList<ModelDefinition> _models = ValueList<ModelDefinition>.Empty;
    private readonly ValueList<SubcircuitDefinition> _subcircuits = ValueList<SubcircuitDefinition>.Empty;
    private readonly ValueList<ParameterDefinition> _parameters = ValueList<ParameterDefinition>.Empty;
    private readonly ValueList<OptionSetting> _options = ValueList<OptionSetting>.Empty;
    private readonly ValueList<InitialCondition> _initialConditions = ValueList<InitialCondition>.Empty;
    private readonly ValueList<OutputDirective> _outputDirectives = ValueList<OutputDirective>.Empty;

    /// <summary>A netlist from elements and analyses; set the other parts with object initializers.</summary>
    public Netlist(string title, IEnumerable<Element> elements, IEnumerable<Analysis>? analyses = null)
    {
        Title = title;
        _elements = ValueList.From(elements);
        _analyses = ValueList.From(analyses);
    }

    /// <summary>The first line of the file (SPICE always treats it as the title).</summary>
    public string Title { get; init; }

    /// <summary>Top-level elements in file order.</summary>
    public IReadOnlyList<Element> Elements { get => _elements; init => _elements = ValueList.From(value); }

    public IReadOnlyList<Analysis> Analyses { get => _analyses; init => _analyses = ValueList.From(value); }

    /// <summary>Global <c>.model</c> cards.</summary>
    public IReadOnlyList<ModelDefinition> Models { get => _models; init => _models = ValueList.From(value); }

    public IReadOnlyList<SubcircuitDefinition> Subcircuits { get => _subcircuits; init => _subcircuits = ValueList.From(value); }

    /// <summary>Global <c>.param</c> cards, evaluated to numbers.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get => _parameters; init => _parameters = ValueList.From(value); }

    public IReadOnlyList<OptionSetting> Options { get => _options; init => _options = ValueList.From(value); }

    /// <summary>Node voltages from <c>.ic</c> cards.</summary>
    public IReadOnlyList<InitialCondition> InitialConditions { get => _initialConditions; init => _initialConditions = ValueList.From(value); }

    /// <summary>Kept-verbatim output cards (<c>.save</c>, <c>.print</c>, ...), see <see cref="OutputDirective"/>.</summary>
    public IReadOnlyList<OutputDirective> OutputDirectives { get => _outputDirectives; init => _outputDirectives = ValueList.From(value); }

    /// <summary>
    /// Distinct top-level node names in first-use order, ground excluded; spellings that differ only
    /// in case count once (the first spelling wins), as ngspice treats them as one node.
    /// </summary>
    public IReadOnlyList<string> Nodes
    {
        get
        {
            var seen = new HashSet<string>(NodeNames.Comparer);
            var nodes = new List<string>();
            foreach (var node in _elements.SelectMany(e => e.Nodes))
                if (!NodeNames.IsGround(node) && seen.Add(node)) nodes.Add(node);
            return nodes;
        }
    }

    /// <summary>The top-level element named <paramref name="name"/> (case-insensitive), or null.</summary>
    public Element? Find(string name) =>
        _elements.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The top-level element of type <typeparamref name="T"/> named <paramref name="name"/>; throws if absent.</summary>
    public T Get<T>(string name) where T : Element =>
        Find(name) as T ?? throw new KeyNotFoundException($"no {typeof(T).Name} named '{name}' in netlist '{Title}'");

    /// <summary>The subcircuit definition named <paramref name="name"/> (case-insensitive), or null.</summary>
    public SubcircuitDefinition? FindSubcircuit(string name) =>
        _subcircuits.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The global model named <paramref name="name"/> (case-insensitive), or null.</summary>
    public ModelDefinition? FindModel(string name) =>
        _models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy with the top-level elements replaced (everything else kept).</summary>
    public Netlist WithElements(IEnumerable<Element> elements) => this with { Elements = ValueList.From(elements) };

    /// <summary>A copy with the analyses replaced.</summary>
    public Netlist WithAnalyses(IEnumerable<Analysis> analyses) => this with { Analyses = ValueList.From(analyses) };
}
