using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Runs a transient in a separate <c>ngspice -b</c> process (batch mode, binary raw output), one
/// process per call, so a crash or hang of one run cannot take the caller down: a run that exceeds
/// <see cref="Timeout"/> is killed and reported as <see cref="ReadSimulationException"/>. Thread-safe;
/// the caller decides how many run at once.
/// </summary>
public sealed class NgspiceProcessRunner : ITransientRunner
{
    public NgspiceProcessRunner(string executable = "ngspice", TimeSpan? timeout = null)
    {
        Executable = executable;
        Timeout = timeout ?? TimeSpan.FromMinutes(2);
    }

    public string Executable { get; }
    public TimeSpan Timeout { get; }

    public TransientResult Run(TransientRequest request, CancellationToken cancellationToken = default)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xbar-read-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string cir = Path.Combine(dir, "read.cir");
            string raw = Path.Combine(dir, "read.raw");
            File.WriteAllText(cir, Compose(request));
            var psi = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            psi.ArgumentList.Add("-b");
            psi.ArgumentList.Add("-r");
            psi.ArgumentList.Add(raw);
            psi.ArgumentList.Add(cir);
            using var process = Process.Start(psi) ?? throw new ReadSimulationException($"Could not start '{Executable}'.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new ReadSimulationException($"ngspice did not finish within {Timeout.TotalSeconds:F0} s; the run was killed.");
            }
            cancellationToken.ThrowIfCancellationRequested();
            string err = stderr.Result;
            if (process.ExitCode != 0 || !File.Exists(raw))
                throw new ReadSimulationException($"ngspice failed (exit {process.ExitCode}): {FirstErrors(err + stdout.Result)}");
            return NgspiceRawFile.Read(raw);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ReadSimulationException($"Could not start '{Executable}' (is ngspice installed?): {e.Message}", e);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The full batch-mode netlist: title, circuit, saves, options, analysis, end.</summary>
    public static string Compose(TransientRequest request)
    {
        var sb = new StringBuilder();
        sb.AppendLine("* xbar read circuit");
        sb.AppendLine(request.Circuit.TrimEnd());
        foreach (var chunk in request.Vectors.Chunk(20))
            sb.AppendLine(".save " + string.Join(' ', chunk));
        sb.AppendLine(".options noacct");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $".tran {request.MaxStep:R} {request.StopTime:R} 0 {request.MaxStep:R}"));
        sb.AppendLine(".end");
        return sb.ToString();
    }

    private static string FirstErrors(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase))
            .Take(3).ToList();
        return lines.Count > 0 ? string.Join(" | ", lines) : output.Trim().Split('\n').LastOrDefault() ?? "";
    }
}
