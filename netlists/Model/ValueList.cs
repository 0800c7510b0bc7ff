using System.Collections;

namespace Xbar.Netlists;

/// <summary>
/// An immutable list that compares by content. Records compare their members with
/// <c>Equals</c>, and an ordinary list compares by reference, so every list inside a netlist
/// record is stored as a <see cref="ValueList{T}"/> to make two identical circuits equal.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public static ValueList<T> Empty { get; } = new([]);

    public ValueList(IEnumerable<T>? items) => _items = items is null ? [] : [.. items];

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Shows the items, so a failing equality assertion says what differs.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

/// <summary>Factory helpers for <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    /// <summary>Wraps <paramref name="items"/> (or reuses it when it already is a value list).</summary>
    public static ValueList<T> From<T>(IEnumerable<T>? items) =>
        items as ValueList<T> ?? (items is null ? ValueList<T>.Empty : new ValueList<T>(items));
}
