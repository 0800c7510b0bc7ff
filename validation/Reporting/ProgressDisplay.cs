using Spectre.Console;

namespace Xbar.Validation.Reporting;

/// <summary>
/// Where progress bars go: standard error, and only when standard error is a terminal, so the
/// results a command prints on standard output stay clean when piped or redirected, and logs of
/// batch jobs (stderr to a file) do not fill with redrawn bars. Every command's progress goes
/// through <see cref="Run{T}"/> (or <see cref="Console"/> for custom columns).
/// </summary>
public static class ProgressDisplay
{
    private static readonly Lazy<IAnsiConsole?> Terminal = new(() =>
        System.Console.IsErrorRedirected
            ? null
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }));

    /// <summary>The console drawing progress on stderr, or null when stderr is not a terminal (no bars at all).</summary>
    public static IAnsiConsole? Console => Terminal.Value;

    /// <summary>Runs <paramref name="work"/> with one progress bar (fraction done in [0, 1]), or without any when stderr is not a terminal.</summary>
    public static T Run<T>(string title, Func<IProgress<double>, T> work, bool keep = false)
    {
        if (Console is not { } console) return work(new Reporter(_ => { }));
        T result = default!;
        console.Progress().AutoClear(!keep)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work(new Reporter(v => task.Value = Math.Clamp(v, 0, 1)));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>Reports on the calling thread, serialized (Progress&lt;T&gt; would post to a thread pool).</summary>
    public sealed class Reporter(Action<double> report) : IProgress<double>
    {
        private readonly object _gate = new();

        public void Report(double value)
        {
            lock (_gate) report(value);
        }
    }
}
