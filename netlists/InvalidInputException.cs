namespace Xbar;

/// <summary>
/// A problem with what the user gave Xbar (a netlist, config, dataset, CSV/NPY file or argument),
/// as opposed to a bug or a simulator failure. The message is one clear line (or a list of
/// <c>file:line: message</c> lines) fit to print as it is; the CLI maps it to exit code 2.
/// Every project derives its own input errors from this type.
/// </summary>
public class InvalidInputException : Exception
{
    public InvalidInputException(string message) : base(message) { }

    public InvalidInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Builds the conventional <c>file:line: problem</c> message.</summary>
    public static InvalidInputException At(string file, int line, string problem) =>
        new($"{file}:{line}: {problem}");
}
