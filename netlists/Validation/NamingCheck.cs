namespace Xbar.Netlists.Validation;

/// <summary>
/// Names must survive a trip through text: an element's name must start with its SPICE letter (a
/// resistor called "X1" would read back as a subcircuit call), names and nodes must be single
/// words, and element names must be unique in their scope (ngspice would keep one silently).
/// </summary>
internal static class NamingCheck
{
    public static void Run(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        var seen = new Dictionary<string, Element>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in scope.Elements)
        {
            if (!IsWord(e.Name) || char.ToUpperInvariant(e.Name[0]) != e.Letter)
                diagnostics.Add(new(e.Location, $"{e.GetType().Name} name '{e.Name}' must be one word starting with '{e.Letter}'"));
            foreach (var node in e.Nodes.Where(n => !IsWord(n)))
                diagnostics.Add(new(e.Location, $"{e.Name}: node name '{node}' must be one word without = ( ) {{ }} , ; or quotes"));
            if (seen.TryGetValue(e.Name, out var first))
                diagnostics.Add(new(e.Location, $"duplicate element name '{e.Name}' (same as '{first.Name}' at {first.Location}; names are case-insensitive)"));
            else
                seen[e.Name] = e;
        }
    }

    internal static bool IsWord(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is not ('.' or '*' or '+')
        && text.All(c => !char.IsWhiteSpace(c) && c is not ('=' or '(' or ')' or '{' or '}' or ',' or ';' or '\'' or '"'));
}
