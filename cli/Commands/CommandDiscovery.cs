using System.CommandLine;

namespace Xbar.Cli.Commands;

/// <summary>
/// Finds every concrete implementation of a command-factory interface in the cli assembly
/// (<see cref="ICliCommand"/> for verbs, <see cref="IBenchSubcommand"/>, <see cref="IValidateSubcommand"/>
/// for subcommands), so adding a command means adding one class and touching no list.
/// </summary>
public static class CommandDiscovery
{
    /// <summary>The commands built by every <typeparamref name="TFactory"/> in this assembly, ordered by name.</summary>
    public static IEnumerable<Command> Create<TFactory>(Func<TFactory, Command> create) where TFactory : class =>
        typeof(CommandDiscovery).Assembly.GetTypes()
            .Where(t => typeof(TFactory).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => create((TFactory)Activator.CreateInstance(t)!))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
