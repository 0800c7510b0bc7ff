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
            .Where(IsFactory<TFactory>)
            .Select(t => create((TFactory)Activator.CreateInstance(t)!))
            .OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>A concrete class that implements <typeparamref name="TFactory"/>.</summary>
    private static bool IsFactory<TFactory>(Type t) => typeof(TFactory).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false };

    /// <summary>
    /// The one command named <paramref name="name"/>, found by its class's name without building the
    /// others: a verb's class is the verb in Pascal case with "Command" after it, in this namespace
    /// (crossbar: CrossbarCommand; a verb train-cnn would be TrainCnnCommand). Null when no such
    /// <typeparamref name="TFactory"/> exists or the command it builds has another name (the caller
    /// then builds every command, so a class named otherwise still works, only starts slower).
    /// </summary>
    public static Command? CreateNamed<TFactory>(string name, Func<TFactory, Command> create) where TFactory : class
    {
        // Not Assembly.GetType(name): its type-name parser compiled vectorised search code at full
        // optimisation on every call's start-up, which cost more than the commands it saved.
        string className = ClassName(name), space = typeof(CommandDiscovery).Namespace!;
        if (className.Length == 0) return null;
        Type? type = null;
        foreach (var t in typeof(CommandDiscovery).Assembly.GetTypes())
            if (t.Name == className && t.Namespace == space) { type = t; break; }
        if (type is null || !IsFactory<TFactory>(type)) return null;
        var command = create((TFactory)Activator.CreateInstance(type)!);
        return command.Name == name ? command : null;
    }

    /// <summary>The class name a verb's factory has by convention: "cost" -> "CostCommand", "train-cnn" -> "TrainCnnCommand".</summary>
    public static string ClassName(string verb)
    {
        var name = new System.Text.StringBuilder();
        foreach (var part in verb.Split('-'))
        {
            if (part.Length == 0 || !char.IsAsciiLetter(part[0])) return "";
            foreach (char c in part)
                if (!char.IsAsciiLetterOrDigit(c)) return "";
            name.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }
        return name.Append("Command").ToString();
    }
}
