using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Rewrites of a graph that keep its outputs (up to float rounding) and what inference hardware
/// does before mapping: batch normalization folded into the preceding weights, identities removed.
/// </summary>
public static class GraphPasses
{
    /// <summary>Every pass below, in order.</summary>
    public static NetworkGraph Optimize(NetworkGraph graph) => RemoveIdentities(FoldBatchNormalization(graph));

    /// <summary>
    /// Folds each BatchNormalization whose input is the output of a weight node read by nothing else
    /// (and not a graph output) into that node: at inference BN is y = a x + b per channel (dimension
    /// 1), so W'[o] = a[o] W[o] and b'[o] = a[o] b[o] + b[o]_BN, exact up to rounding. Only where the
    /// channel dimension is the weight node's output dimension (a convolution, or a dense layer on
    /// N x features); other BNs stay as they are. Never into a weight node whose weights sit on fixed
    /// device levels (<see cref="IWeightOperation.Levels"/>, a QAT model): a x would move them off the
    /// levels, so there BN stays a per-channel digital scale and shift after the ADC.
    /// </summary>
    public static NetworkGraph FoldBatchNormalization(NetworkGraph graph) => FoldBatchNormalization(graph, _ => true);

    /// <summary>
    /// <see cref="FoldBatchNormalization(NetworkGraph)"/> folding only into the weight nodes
    /// <paramref name="mayFold"/> accepts (and never into weights on fixed levels): a caller keeps BN
    /// digital where the weights must stay as they are (for example every layer: <c>_ =&gt; false</c>).
    /// </summary>
    public static NetworkGraph FoldBatchNormalization(NetworkGraph graph, Func<Node, bool> mayFold)
    {
        var readers = Readers(graph);
        var producer = graph.Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        var replaced = new Dictionary<Node, Node>();
        var removed = new HashSet<Node>();
        foreach (var bnNode in graph.Nodes)
        {
            if (bnNode.Op is not BatchNormalization bn) continue;
            string x = bnNode.Inputs[0];
            if (!producer.TryGetValue(x, out var wNode) || wNode.Op is not IWeightOperation op) continue;
            if (op.Levels is not null || !mayFold(wNode)) continue;
            if (readers[x] != 1 || graph.Outputs.Contains(x) || replaced.ContainsKey(wNode)) continue;
            bool channelIsOutput = op is Conv2d || (op is Dense && graph.ShapeOf(x).Rank == 2);
            if (!channelIsOutput || bn.Channels != op.Groups * op.MatrixOutputs) continue;
            replaced[wNode] = new Node(wNode.Name, op.ScaleOutputs(bn.A, bn.B), wNode.Inputs, bnNode.Outputs);
            removed.Add(bnNode);
        }
        if (replaced.Count == 0) return graph;
        var nodes = graph.Nodes.Where(n => !removed.Contains(n)).Select(n => replaced.TryGetValue(n, out var r) ? r : n).ToArray();
        return graph.With(nodes);
    }

    /// <summary>Removes Identity and Dropout nodes (inference), readers taking the input directly; one whose output is a graph output stays.</summary>
    public static NetworkGraph RemoveIdentities(NetworkGraph graph)
    {
        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        foreach (var n in graph.Nodes)
        {
            var inputs = n.Inputs.Select(i => alias.TryGetValue(i, out var a) ? a : i).ToArray();
            if (n.Op is Elementwise { IsIdentity: true } && !graph.Outputs.Contains(n.Outputs[0]))
            {
                alias[n.Outputs[0]] = inputs[0];
                continue;
            }
            nodes.Add(n with { Inputs = inputs });
        }
        return alias.Count == 0 ? graph : graph.With(nodes);
    }

    private static Dictionary<string, int> Readers(NetworkGraph graph)
    {
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
            foreach (var i in n.Inputs) readers[i] = readers.GetValueOrDefault(i) + 1;
        return readers;
    }
}
