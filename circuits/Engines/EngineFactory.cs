using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.Engines;

/// <summary>Creates circuit engines by name (the CLI's <c>--engine</c> values).</summary>
public static class EngineFactory
{
    // One entry per engine: adding an engine is adding one line here.
    private static readonly Dictionary<string, Func<ICircuitEngine>> Engines = new(StringComparer.OrdinalIgnoreCase)
    {
        [NgspiceEngine.EngineName] = () => new NgspiceEngine(),
        [Xbar.Circuits.Nodal.NodalNetlistEngine.EngineName] = () => new Xbar.Circuits.Nodal.NodalNetlistEngine(),
    };

    /// <summary>The engine names <see cref="Create"/> accepts, sorted.</summary>
    public static IReadOnlyList<string> Names => Engines.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>A new engine called <paramref name="name"/> (case-insensitive); dispose it when done.</summary>
    /// <exception cref="InvalidInputException">No engine has that name.</exception>
    public static ICircuitEngine Create(string name) =>
        Engines.TryGetValue(name, out var create)
            ? create()
            : throw new InvalidInputException($"Unknown engine '{name}'; known engines: {string.Join(", ", Names)}.");
}
