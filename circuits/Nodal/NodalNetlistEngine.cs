using System.Globalization;
using Xbar.Circuits.Engines;
using Xbar.Netlists;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// A circuit engine for DC operating points of netlists made only of resistors, independent
/// voltage sources and independent current sources (a hand-written crossbar included), solved
/// exactly by nodal analysis. Voltage sources are eliminated: the nodes they tie together form a
/// supernode whose one unknown is its root's voltage (the ground supernode's is 0), so the
/// system left is the SPD weighted Laplacian, factored by <see cref="SkylineCholesky"/>. Source
/// currents follow from KCL by peeling the voltage-source forest from its leaves. Results are
/// named as ngspice names them: <c>v(node)</c>, and <c>i(vname)</c> = current into the source's
/// + terminal through the source. Anything else is refused with the element and its line.
/// Every phase (reading, flattening, solving) runs under <see cref="SimulationOptions.Timeout"/>
/// (<see cref="Deadline"/>); the solution gets one step of iterative refinement, and each source
/// current's rounding uncertainty is checked (<see cref="CurrentUncertainty"/>): conductances
/// spanning 16 decades (1e-12 Ohm wires beside kOhm cells) leave source currents that are noise,
/// which is warned about or refused rather than reported as exact.
/// </summary>
public sealed class NodalNetlistEngine : ICircuitEngine
{
    public const string EngineName = "nodal";

    public string Name => EngineName;

    /// <summary>Nothing to release: the engine holds no state between runs.</summary>
    public void Dispose() { }

    /// <summary>Reads and solves netlist text (first line = title).</summary>
    public SimulationResult RunText(string netlistText, SimulationOptions? options = null) =>
        Deadline.Run((options ?? SimulationOptions.Default).Timeout, EngineName, ct => RunWithin(NetlistReader.ReadText(netlistText), ct));

    /// <summary>Reads and solves a netlist file.</summary>
    public SimulationResult RunFile(string path, SimulationOptions? options = null) =>
        Deadline.Run((options ?? SimulationOptions.Default).Timeout, EngineName, ct => RunWithin(NetlistReader.ReadFile(path), ct));

    /// <summary>Solves the operating point of <paramref name="netlist"/> (subcircuits are flattened first).</summary>
    public SimulationResult Run(Netlist netlist, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(netlist);
        return Deadline.Run((options ?? SimulationOptions.Default).Timeout, EngineName, ct => RunWithin(netlist, ct));
    }

    private static SimulationResult RunWithin(Netlist netlist, CancellationToken ct)
    {
        foreach (var analysis in netlist.Analyses)
            if (analysis is not OperatingPointAnalysis)
                throw new InvalidInputException(
                    $"{analysis.Location}: the nodal engine computes operating points only (.op); use --engine ngspice for {analysis.GetType().Name.Replace("Analysis", "")} analyses");
        var flat = netlist.Elements.Any(e => e is SubcircuitInstance) ? SubcircuitFlattener.Flatten(netlist, cancellation: ct) : netlist;
        var warnings = new List<string>();
        var values = Solve(flat.Elements, ct, warnings);
        return new SimulationResult(EngineName, [new OperatingPointResult("op1", values)], warnings);
    }

    private static bool IsGround(string node) => AnalysisResult.IsGround(node);

    private static double Number(Element e, SpiceValue value, string what)
    {
        if (value.IsExpression || !double.IsFinite(value.Number))
            throw new InvalidInputException($"{e.Location}: {e.Name}: {what} '{value}' is not a plain number; the nodal engine needs numeric values");
        return value.Number;
    }

    private static List<KeyValuePair<string, double>> Solve(IReadOnlyList<Element> elements, CancellationToken ct, List<string> warnings)
    {
        // Nodes (ground is index 0).
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["0"] = 0 };
        var names = new List<string> { "0" };
        int Node(string name)
        {
            if (IsGround(name)) return 0;
            if (!index.TryGetValue(name, out int k))
            {
                k = names.Count;
                index[name] = k;
                names.Add(name.ToLowerInvariant());
            }
            return k;
        }
        var resistors = new List<(int A, int B, double G, Element El)>();
        var currents = new List<(int P, int N, double I)>();
        var sources = new List<(string Name, int P, int N, double E, Element El)>();
        foreach (var e in elements)
        {
            switch (e)
            {
                case Resistor r:
                {
                    double ohm = Number(e, r.Value, "resistance");
                    if (!(ohm > 0))
                        throw new InvalidInputException($"{e.Location}: {e.Name}: resistance {ohm.ToString(CultureInfo.InvariantCulture)} Ohm; the nodal engine needs positive resistances");
                    resistors.Add((Node(r.Positive), Node(r.Negative), 1.0 / ohm, e));
                    break;
                }
                case VoltageSource vs:
                    sources.Add((vs.Name, Node(vs.Positive), Node(vs.Negative), Number(e, vs.Dc ?? vs.Waveform.ValueAtZero, "voltage"), e));
                    break;
                case CurrentSource c:
                    currents.Add((Node(c.Positive), Node(c.Negative), Number(e, c.Dc ?? c.Waveform.ValueAtZero, "current")));
                    break;
                default:
                    throw new InvalidInputException(
                        $"{e.Location}: {e.Name}: the nodal engine solves only R, V and I elements; use --engine ngspice for this element");
            }
        }
        int n = names.Count;

        // Supernodes: union-find with voltage offsets, v(node) = v(root) + offset(node).
        var parent = Enumerable.Range(0, n).ToArray();
        var offset = new double[n];
        (int Root, double Offset) Find(int x)
        {
            double o = 0;
            int r = x;
            while (parent[r] != r) { o += offset[r]; r = parent[r]; }
            // Path compression.
            double acc = o;
            int y = x;
            while (parent[y] != y)
            {
                int next = parent[y];
                double oy = offset[y];
                parent[y] = r;
                offset[y] = acc;
                acc -= oy;
                y = next;
            }
            return (r, o);
        }
        var treeSources = new List<int>();
        for (int s = 0; s < sources.Count; s++)
        {
            var (name, p, q, e, el) = sources[s];
            var (rp, op) = Find(p);
            var (rq, oq) = Find(q);
            if (rp == rq)
                throw new InvalidInputException($"{el.Location}: {name}: this voltage source closes a loop of voltage sources; the nodal engine cannot solve it");
            // v(p) - v(q) = e: attach rp under rq (or rq under ground-rooted rp).
            if (rp == 0 || (rq != 0 && rp < rq))
            {
                parent[rq] = rp;
                offset[rq] = op - e - oq; // v(rq) = v(rp) + op - e - oq
            }
            else
            {
                parent[rp] = rq;
                offset[rp] = oq + e - op; // v(rp) = v(rq) + oq + e - op
            }
            treeSources.Add(s);
        }
        var root = new int[n];
        var off = new double[n];
        for (int k = 0; k < n; k++) (root[k], off[k]) = Find(k);
        if (root[0] != 0) throw new InvalidOperationException("ground lost its root");

        // Unknowns: roots other than ground.
        var unknown = new int[n];
        Array.Fill(unknown, -1);
        int count = 0;
        for (int k = 1; k < n; k++) if (root[k] == k) unknown[k] = count++;
        var diag = new double[count];
        var rhs = new double[count];
        var off2 = new Dictionary<(int, int), double>();
        ct.ThrowIfCancellationRequested();
        foreach (var (a, b, g, _) in resistors)
        {
            int ua = unknown[root[a]], ub = unknown[root[b]];
            if (root[a] == root[b]) continue; // inside one supernode: no effect on its KCL
            double shift = g * (off[a] - off[b]); // fixed part of the current a -> b
            if (ua >= 0) { diag[ua] += g; rhs[ua] -= shift; }
            if (ub >= 0) { diag[ub] += g; rhs[ub] += shift; }
            if (ua >= 0 && ub >= 0)
            {
                var key = ua < ub ? (ua, ub) : (ub, ua);
                off2[key] = off2.GetValueOrDefault(key) - g;
            }
        }
        foreach (var (p, q, i) in currents)
        {
            // SPICE: the current flows from + through the source to -, so it enters node -.
            int up = unknown[root[p]], uq = unknown[root[q]];
            if (up >= 0) rhs[up] -= i;
            if (uq >= 0) rhs[uq] += i;
        }
        var x = new double[count];
        var refinement = new double[count];
        if (count > 0)
        {
            var chol = SkylineCholesky.Factor(count, diag, off2.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList(), out int failed);
            if (chol is null)
            {
                int node = Array.IndexOf(unknown, failed);
                if (CurrentUncertainty.ReachesGround(node, root, resistors.Select(r => (r.A, r.B)))) // a path exists: precision ran out
                    throw CurrentUncertainty.IllConditioned(resistors.Select(r => (r.G, r.El)).ToList(), names[node]);
                var at = elements.FirstOrDefault(e => e.Nodes.Any(n => !IsGround(n) && index.TryGetValue(n, out int k) && root[k] == node));
                throw new InvalidInputException(
                    $"{at?.Location.ToString() ?? "netlist"}: {(at is null ? "" : at.Name + ": ")}node '{names[node]}' (or its group of nodes tied by voltage sources) has no DC path to ground; the circuit has no unique operating point");
            }
            ct.ThrowIfCancellationRequested();
            x = chol.Solve(rhs);
            // One step of iterative refinement: the correction both improves x and measures its forward error.
            var correction = chol.Solve(CurrentUncertainty.Residual(diag, off2, rhs, x));
            for (int i = 0; i < count; i++) x[i] += correction[i];
            refinement = correction;
        }
        var v = new double[n];
        for (int k = 0; k < n; k++) v[k] = (root[k] == 0 ? 0.0 : x[unknown[root[k]]]) + off[k];
        v[0] = 0;

        // Source currents: leaving[node] = current out of the node through R and I elements;
        // uncertain[node] = the rounding uncertainty of that sum (CurrentUncertainty).
        var leaving = new double[n];
        var uncertain = new double[n];
        var dv = new double[n];
        for (int k = 0; k < n; k++) dv[k] = root[k] == 0 ? 0.0 : refinement[unknown[root[k]]];
        foreach (var (a, b, g, _) in resistors)
        {
            double c = g * (v[a] - v[b]);
            leaving[a] += c; leaving[b] -= c;
            double u = CurrentUncertainty.OfBranch(g, v[a], v[b], dv[a], dv[b]);
            uncertain[a] += u; uncertain[b] += u;
        }
        foreach (var (p, q, i) in currents) { leaving[p] += i; leaving[q] -= i; }
        var sourceCurrent = new double[sources.Count];
        var sourceUncertainty = new double[sources.Count];
        var incident = new List<int>[n];
        for (int k = 0; k < n; k++) incident[k] = [];
        foreach (int s in treeSources) { incident[sources[s].P].Add(s); incident[sources[s].N].Add(s); }
        var degree = incident.Select(l => l.Count).ToArray();
        var done = new bool[sources.Count];
        var leaves = new Stack<int>(Enumerable.Range(1, n - 1).Where(k => degree[k] == 1));
        while (leaves.Count > 0)
        {
            // The last node of a tree has degree 0 when popped: its KCL holds by the supernode equation.
            int u = leaves.Pop();
            if (degree[u] != 1) continue;
            int s = incident[u].First(t => !done[t]);
            // KCL at u: leaving[u] + (current out of u through source s) = 0.
            var src = sources[s];
            double outOfU = -leaving[u];
            double j = src.P == u ? outOfU : -outOfU; // j: current into + terminal, through the source
            sourceCurrent[s] = j;
            sourceUncertainty[s] = uncertain[u];
            done[s] = true;
            degree[u]--;
            int w = src.P == u ? src.N : src.P;
            leaving[w] += w == src.P ? j : -j;
            uncertain[w] += uncertain[u];
            degree[w]--;
            if (w != 0 && degree[w] == 1) leaves.Push(w);
        }

        CurrentUncertainty.Judge(sources.Select((src, i) => (src.Name, src.El, sourceCurrent[i], sourceUncertainty[i])).ToList(),
            resistors.Select(r => (r.G, r.El)).ToList(), warnings);

        var result = new List<KeyValuePair<string, double>>();
        for (int k = 1; k < n; k++) result.Add(new(AnalysisResult.VoltageName(names[k]), v[k]));
        for (int s = 0; s < sources.Count; s++) result.Add(new(AnalysisResult.CurrentName(sources[s].Name), sourceCurrent[s]));
        return result;
    }
}
