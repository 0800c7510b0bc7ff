using System.CommandLine;

namespace Xbar.Cli.Commands;

/// <summary>
/// One top-level `xbar` verb. Every implementation in this assembly is found by reflection in
/// <see cref="Program"/>, so adding a command means adding one file and touching nothing else.
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command, with its options and its action.</summary>
    Command Create();
}
