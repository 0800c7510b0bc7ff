namespace Xbar.Netlists;

/// <summary>
/// A <c>.param name=value</c> definition. Global parameters are evaluated to numbers while
/// reading; those inside a subcircuit body may stay expressions of the subcircuit's parameters.
/// </summary>
public sealed record ParameterDefinition(string Name, SpiceValue Value) : Located;
