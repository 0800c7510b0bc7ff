using System.CommandLine;

namespace Xbar.Cli.Commands;

/// <summary>
/// One top-level `xbar` verb. Every implementation in this assembly is found by reflection in
/// <see cref="Program"/>, so adding a command means adding one file and touching nothing else.
/// Name the class after its verb (crossbar: CrossbarCommand): a call then builds only its own verb
/// (<see cref="CommandDiscovery.CreateNamed"/>; a test checks every verb).
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command, with its options and its action.</summary>
    Command Create();
}
