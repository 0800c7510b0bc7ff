namespace Xbar.Circuits.Engines;

/// <summary>The kind of analysis a result comes from (SPICE <c>.op</c>, <c>.dc</c>, <c>.tran</c>).</summary>
public enum AnalysisKind
{
    OperatingPoint,
    DcSweep,
    Transient,
    /// <summary>Any other analysis an engine reported (e.g. ngspice <c>.ac</c>, real parts only).</summary>
    Other,
}

/// <summary>
/// The result of one analysis. Quantities are named as SPICE prints them: node voltages
/// <c>v(node)</c>, branch currents of voltage sources (and other branch elements) <c>i(name)</c>,
/// with ngspice's sign convention (positive current flows into the + terminal, through the
/// source, out of the - terminal). Names are compared case-insensitively, as SPICE does.
/// </summary>
public abstract class AnalysisResult
{
    protected AnalysisResult(string name, AnalysisKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The engine's name for this analysis (ngspice plot names: <c>op1</c>, <c>dc1</c>, <c>tran1</c>).</summary>
    public string Name { get; }

    public AnalysisKind Kind { get; }

    /// <summary>The canonical name of the voltage of <paramref name="node"/>: <c>v(node)</c>, lower case.</summary>
    public static string VoltageName(string node) => $"v({node.ToLowerInvariant()})";

    /// <summary>The canonical name of the current through branch element <paramref name="element"/>: <c>i(name)</c>, lower case.</summary>
    public static string CurrentName(string element) => $"i({element.ToLowerInvariant()})";

    /// <summary>True for SPICE's ground node names.</summary>
    public static bool IsGround(string node) => node == "0" || node.Equals("gnd", StringComparison.OrdinalIgnoreCase);
}
