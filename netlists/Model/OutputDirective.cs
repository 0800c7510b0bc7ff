namespace Xbar.Netlists;

/// <summary>
/// An output-control card (<c>.save</c>, <c>.print</c>, <c>.plot</c>, <c>.probe</c>, <c>.width</c>) kept
/// verbatim. It does not change the circuit, so nothing in Xbar interprets it; it is kept so that
/// netlists written for <c>ngspice -b</c> read and write back unchanged. Engines that need every
/// vector should drop these (a <c>.save</c> limits what ngspice records).
/// </summary>
public sealed record OutputDirective(string Command, string Arguments) : Located;
