namespace Xbar.Netlists;

/// <summary>
/// Node-name rules shared by reader, validator and users: SPICE names are case-insensitive and
/// both <c>0</c> and <c>gnd</c> mean the ground node.
/// </summary>
public static class NodeNames
{
    /// <summary>The canonical ground name written by <see cref="NetlistWriter"/>.</summary>
    public const string Ground = "0";

    /// <summary>Compares node and element names the way ngspice does (case-insensitively).</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    public static bool IsGround(string node) =>
        node == "0" || string.Equals(node, "gnd", StringComparison.OrdinalIgnoreCase);

    /// <summary>The node itself, or <see cref="Ground"/> for either ground spelling (compare with <see cref="Comparer"/>).</summary>
    public static string Canonical(string node) => IsGround(node) ? Ground : node;

    /// <summary>A key under which all spellings of one node (and both ground names) coincide.</summary>
    public static string Key(string node) => IsGround(node) ? "0" : node.ToLowerInvariant();
}
