using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Xbar.Validation.Demo;

/// <summary>How the demo shows its steps: a progress bar on a terminal, plain lines elsewhere (CI, tests).</summary>
public interface IDemoSteps
{
    /// <summary>Runs one step, reporting progress in [0, 1].</summary>
    T Run<T>(string title, Func<IProgress<double>, T> work);

    /// <summary>One line of information.</summary>
    void Info(string line);
}

/// <summary>Plain text steps ("title ..." then "title: done in X s"), for CI logs and tests.</summary>
public sealed class PlainDemoSteps(TextWriter output) : IDemoSteps
{
    public T Run<T>(string title, Func<IProgress<double>, T> work)
    {
        output.WriteLine($"{title} ...");
        var clock = Stopwatch.StartNew();
        var result = work(new NullProgress());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: done in {clock.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    public void Info(string line) => output.WriteLine(line);

    private sealed class NullProgress : IProgress<double>
    {
        public void Report(double value) { }
    }
}

/// <summary>Progress bars on stderr when it is a terminal (<see cref="Reporting.ProgressDisplay"/>), <see cref="PlainDemoSteps"/> lines otherwise.</summary>
public sealed class SpectreDemoSteps : IDemoSteps
{
    private readonly IDemoSteps? _plain = Reporting.ProgressDisplay.Console is null || !AnsiConsole.Profile.Capabilities.Interactive ? new PlainDemoSteps(Console.Out) : null;

    public T Run<T>(string title, Func<IProgress<double>, T> work) =>
        _plain is not null ? _plain.Run(title, work) : Reporting.ProgressDisplay.Run(title, work, keep: true);

    public void Info(string line)
    {
        if (_plain is not null) _plain.Info(line);
        else AnsiConsole.MarkupLine(Markup.Escape(line));
    }
}
