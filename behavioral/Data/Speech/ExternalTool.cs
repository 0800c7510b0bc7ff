using System.ComponentModel;
using System.Diagnostics;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// Runs a command-line tool (espeak-ng, sox) with arguments passed as a list (no shell), optional
/// bytes on standard input, and returns standard output. A tool that is not installed, fails or
/// hangs becomes one <see cref="InvalidInputException"/> naming the tool, the command and what to
/// do, so the CLI exits 2 with a message instead of a stack trace.
/// </summary>
public sealed record ExternalTool(string Executable, string Package)
{
    /// <summary>How long one call may take before the process is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs the tool and returns what it wrote to standard output.</summary>
    public byte[] Run(IReadOnlyList<string> arguments, byte[]? input = null)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception($"{Executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidInputException(
                $"{Executable}: not found or not executable ({e.Message}); the spoken-digit set is synthesized with it: install Debian's {Package} (`make system` or `apt-get install {Package}`)", e);
        }
        using (process)
        {
            // Standard output and error are drained concurrently with writing the input, so a tool
            // that writes before it has read everything never blocks on a full pipe.
            using var output = new MemoryStream();
            var readOut = process.StandardOutput.BaseStream.CopyToAsync(output);
            var readErr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                try
                {
                    process.StandardInput.BaseStream.Write(input);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The tool exited without reading all of its input: its exit code and stderr tell why.
                }
            }
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new InvalidInputException($"{Describe(arguments)}: no answer after {Timeout.TotalSeconds:F0} s (killed)");
            }
            readOut.Wait();
            string err = readErr.Result.Trim();
            if (process.ExitCode != 0)
                throw new InvalidInputException($"{Describe(arguments)}: exit code {process.ExitCode}: {(err.Length > 0 ? err : "no message")}");
            return output.ToArray();
        }
    }

    /// <summary>The first line the tool prints for <paramref name="versionArgument"/> (recorded with a built data set).</summary>
    public string Version(string versionArgument = "--version")
    {
        var text = System.Text.Encoding.UTF8.GetString(Run([versionArgument])).Trim();
        int newline = text.IndexOf('\n');
        var first = newline < 0 ? text : text[..newline];
        return string.Join(' ', first.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private string Describe(IReadOnlyList<string> arguments) =>
        $"{Executable} {string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}";
}
