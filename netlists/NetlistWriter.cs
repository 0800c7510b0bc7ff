using System.Text;
using Xbar.Netlists.Writing;

namespace Xbar.Netlists;

/// <summary>
/// Writes a <see cref="Netlist"/> as explicit ngspice text: title first, then parameters, options,
/// models, subcircuits, elements, initial conditions, analyses, output cards and <c>.end</c>.
/// Numbers use invariant culture and round-trip precision, so reading the text back gives an equal
/// <see cref="Netlist"/> and ngspice sees exactly the values Xbar holds.
/// </summary>
public static class NetlistWriter
{
    /// <summary>The whole netlist, output cards included, so that write -> read gives an equal netlist.</summary>
    public static string Write(Netlist netlist) => Write(netlist, includeOutputDirectives: true);

    /// <summary>
    /// The netlist, optionally without its <c>.save/.print/...</c> cards: engines pass false because a
    /// <c>.save</c> would stop ngspice from recording the vectors Xbar reads back.
    /// </summary>
    public static string Write(Netlist netlist, bool includeOutputDirectives)
    {
        ArgumentNullException.ThrowIfNull(netlist);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');

        Line(netlist.Title.ReplaceLineEndings(" "));
        foreach (var p in netlist.Parameters) Line($".param {p.Name}={p.Value}");
        foreach (var o in netlist.Options) Line(o.Value is null ? $".options {o.Name}" : $".options {o.Name}={o.Value}");
        foreach (var m in netlist.Models) Line(Model(m));
        foreach (var s in netlist.Subcircuits)
        {
            Line(string.Join(" ", [".subckt", s.Name, .. s.Ports])
                 + (s.Parameters.Count > 0 ? " params:" + ElementFormatter.Assignments(s.Parameters) : ""));
            foreach (var p in s.LocalParameters) Line($".param {p.Name}={p.Value}");
            foreach (var m in s.Models) Line(Model(m));
            foreach (var e in s.Elements) Line(ElementFormatter.Format(e));
            Line($".ends {s.Name}");
        }
        foreach (var e in netlist.Elements) Line(ElementFormatter.Format(e));
        foreach (var ic in netlist.InitialConditions) Line($".ic v({ic.Node})={ic.Voltage}");
        foreach (var a in netlist.Analyses) Line(Analysis(a));
        foreach (var d in includeOutputDirectives ? netlist.OutputDirectives : []) Line($"{d.Command} {d.Arguments}".TrimEnd());
        Line(".end");
        return text.ToString();
    }

    private static string Model(ModelDefinition m) =>
        $".model {m.Name} {m.Type}" + (m.Parameters.Count > 0 ? $"({ElementFormatter.Assignments(m.Parameters).TrimStart()})" : "");

    private static string Analysis(Analysis analysis) => analysis switch
    {
        OperatingPointAnalysis => ".op",
        DcSweepAnalysis dc => $".dc {dc.Source} {N(dc.Start)} {N(dc.Stop)} {N(dc.Step)}",
        TransientAnalysis t => $".tran {N(t.Step)} {N(t.Stop)}"
            + (t.Start != 0 || t.MaxStep is not null ? " " + N(t.Start) : "")
            + (t.MaxStep is { } max ? " " + N(max) : "")
            + (t.UseInitialConditions ? " uic" : ""),
        _ => throw new ArgumentException($"the writer does not know analysis {analysis.GetType().Name}", nameof(analysis)),
    };

    private static string N(double value) => SpiceNumber.Format(value);
}
