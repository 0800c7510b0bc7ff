namespace Xbar.Devices;

/// <summary>Builds SPICE element names: the element letter is prepended unless the name already starts with it.</summary>
public static class SpiceName
{
    /// <summary>
    /// <paramref name="name"/> as an element of kind <paramref name="letter"/> (e.g. 'R', 'X'):
    /// <c>With('X', "c_0_1")</c> is <c>Xc_0_1</c>, <c>With('X', "Xc_0_1")</c> stays <c>Xc_0_1</c>.
    /// </summary>
    public static string With(char letter, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"SPICE element name '{name}' must be non-empty and contain no whitespace.", nameof(name));
        return char.ToUpperInvariant(name[0]) == char.ToUpperInvariant(letter) ? name : letter + name;
    }
}
