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

/// <summary>Spectre.Console progress bars when the console is interactive, <see cref="PlainDemoSteps"/> otherwise.</summary>
public sealed class SpectreDemoSteps : IDemoSteps
{
    private readonly IDemoSteps? _plain = AnsiConsole.Profile.Capabilities.Interactive ? null : new PlainDemoSteps(Console.Out);

    public T Run<T>(string title, Func<IProgress<double>, T> work)
    {
        if (_plain is not null) return _plain.Run(title, work);
        T result = default!;
        var clock = Stopwatch.StartNew();
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work(new SyncProgress(v => task.Value = Math.Clamp(v, 0, 1)));
                task.Value = 1.0;
            });
        return result;
    }

    public void Info(string line)
    {
        if (_plain is not null) _plain.Info(line);
        else AnsiConsole.MarkupLine(Markup.Escape(line));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
