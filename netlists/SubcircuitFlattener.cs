using Xbar.Netlists.Flattening;

namespace Xbar.Netlists;

/// <summary>
/// Expands every subcircuit call into plain elements, for engines that solve flat circuits (the
/// C# nodal solver). Names follow ngspice's flattening so results compare by name across engines:
/// internal node <c>mid</c> of <c>X1</c> becomes <c>X1.mid</c> (<c>X1.X2.mid</c> when nested), and
/// element <c>R1</c> of <c>X1</c> becomes <c>R.X1.R1</c>. Parameters resolve as in ngspice: instance
/// overrides, then the subcircuit's defaults, then its local <c>.param</c> cards, then globals.
/// Local models are hoisted to the top level as <c>X1.model</c>. The expansion is bounded by an
/// element budget and stops when the caller's cancellation token fires (an engine's timeout).
/// </summary>
public static class SubcircuitFlattener
{
    /// <summary>Most elements the expansion of subcircuits may produce (the reader refuses larger hierarchies too).</summary>
    public const long MaxExpandedElements = 2_000_000;

    /// <summary>A netlist without subcircuits; throws <see cref="InvalidInputException"/> for what cannot be flattened.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired during the expansion.</exception>
    public static Netlist Flatten(Netlist netlist, long maxElements = MaxExpandedElements, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(netlist);
        var elements = new List<Element>();
        var models = new List<ModelDefinition>(netlist.Models);
        var walk = new SubcircuitWalk(netlist, maxElements, cancellation);
        foreach (var e in netlist.Elements)
        {
            if (e is not SubcircuitInstance call)
            {
                elements.Add(e);
                continue;
            }
            walk.Expand(call,
                (body, frame) => elements.Add(ElementRewriter.Apply(body, new Rewrite(
                    frame.Node,
                    name => $"{char.ToUpperInvariant(name[0])}.{frame.Path}.{name}",
                    model => frame.LocalModels.Contains(model) ? $"{frame.Path}.{model}" : model,
                    value => walk.Evaluate(value, frame.Parameters, body)))),
                (m, frame) => models.Add(m with
                {
                    Name = $"{frame.Path}.{m.Name}",
                    Parameters = m.Parameters.Select(p => p with { Value = walk.Evaluate(p.Value, frame.Parameters, m) }).ToList(),
                }));
        }
        return netlist with { Elements = elements, Models = models, Subcircuits = [] };
    }
}
