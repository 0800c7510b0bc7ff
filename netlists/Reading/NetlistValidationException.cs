namespace Xbar.Netlists;

/// <summary>
/// A netlist the reader (or validator) refuses. It carries every problem found, not just the
/// first, so the user fixes the file in one pass; the message is the diagnostics, one per line
/// (at most <see cref="MaxMessageLines"/>, each cut to <see cref="MaxLineLength"/> characters, so
/// a hostile file cannot turn into a gigantic message; <see cref="Diagnostics"/> keeps them all).
/// </summary>
public sealed class NetlistValidationException : InvalidInputException
{
    public const int MaxMessageLines = 100;
    public const int MaxLineLength = 400;

    public NetlistValidationException(IReadOnlyList<NetlistDiagnostic> diagnostics)
        : base(Format(diagnostics))
    {
        if (diagnostics.Count == 0) throw new ArgumentException("at least one diagnostic is required", nameof(diagnostics));
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<NetlistDiagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<NetlistDiagnostic> diagnostics)
    {
        var lines = diagnostics.Take(MaxMessageLines).Select(d => d.ToString())
            .Select(l => l.Length <= MaxLineLength ? l : l[..MaxLineLength] + " ...").ToList();
        if (diagnostics.Count > MaxMessageLines) lines.Add($"... and {diagnostics.Count - MaxMessageLines} more problem(s)");
        return string.Join(Environment.NewLine, lines);
    }
}
