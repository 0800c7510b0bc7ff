namespace Xbar.Netlists;

/// <summary>
/// Base of every netlist object that remembers its <see cref="SourceLocation"/>. The location is
/// deliberately left out of equality: a netlist written and read back lands on other lines (and
/// a netlist built in code has none), yet it is the same circuit, so write -> read must compare
/// equal.
/// </summary>
public abstract record Located
{
    /// <summary>File and line this object was read from (<see cref="SourceLocation.Code"/> when built in code).</summary>
    public SourceLocation Location { get; init; } = SourceLocation.Code;

    public virtual bool Equals(Located? other) =>
        other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
