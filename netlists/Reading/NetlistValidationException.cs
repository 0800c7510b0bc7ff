namespace Xbar.Netlists;

/// <summary>
/// A netlist the reader (or validator) refuses. It carries every problem found, not just the
/// first, so the user fixes the file in one pass; the message is the diagnostics, one per line.
/// </summary>
public sealed class NetlistValidationException : InvalidInputException
{
    public NetlistValidationException(IReadOnlyList<NetlistDiagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        if (diagnostics.Count == 0) throw new ArgumentException("at least one diagnostic is required", nameof(diagnostics));
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<NetlistDiagnostic> Diagnostics { get; }
}
