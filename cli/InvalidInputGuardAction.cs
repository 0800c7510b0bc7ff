using System.CommandLine;
using System.CommandLine.Invocation;

namespace Xbar.Cli;

/// <summary>
/// The one place where invalid input becomes an exit code: every command's action is wrapped so
/// an <see cref="InvalidInputException"/> (a bad netlist, config, dataset or option value, with the
/// file and line in its message) prints that one message on the invocation's error writer and
/// exits 2, with no stack trace. Commands keep their own handlers only for failures that are not
/// the user's input (a simulation that did not converge, a crashed engine). Work that runs in
/// parallel (a layer's tiles, `Parallel.For`) wraps its exceptions in an <see cref="AggregateException"/>:
/// where the first of them is invalid input, that one message is what the user sees.
/// </summary>
public sealed class InvalidInputGuardAction(SynchronousCommandLineAction inner) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        try
        {
            return inner.Invoke(parseResult);
        }
        catch (InvalidInputException e)
        {
            parseResult.InvocationConfiguration.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault() is InvalidInputException first)
        {
            parseResult.InvocationConfiguration.Error.WriteLine(first.Message);
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>Wraps the action of <paramref name="command"/> and of all its subcommands (once).</summary>
    public static void Apply(Command command)
    {
        if (command.Action is SynchronousCommandLineAction action and not InvalidInputGuardAction)
            command.Action = new InvalidInputGuardAction(action);
        foreach (var sub in command.Subcommands) Apply(sub);
    }
}
