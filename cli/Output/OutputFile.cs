namespace Xbar.Cli.Output;

/// <summary>Writes a file the user named with an option; an unwritable path (missing folder, no permission) is invalid input naming the option and path (exit 2).</summary>
public static class OutputFile
{
    public static void WriteText(string path, string text, string option)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"{option} {path}: cannot write the file ({e.Message})");
        }
    }
}
