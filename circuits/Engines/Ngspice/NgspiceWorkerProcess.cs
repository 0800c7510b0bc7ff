using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// Host side of one ngspice worker process (see <see cref="NgspiceWorkerMain"/>): starts it,
/// sends it circuits one at a time, and enforces the per-run timeout by killing the process.
/// Not thread-safe: <see cref="NgspiceWorkerPool"/> hands each worker to one caller at a time.
/// After a timeout or crash the worker is dead (<see cref="IsAlive"/> false) and must be disposed.
/// </summary>
public sealed class NgspiceWorkerProcess : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private const int StderrLinesKept = 40;

    private readonly Process _process;
    private readonly BinaryWriter _writer;
    private readonly BinaryReader _reader;
    private readonly Queue<string> _stderrTail = new();
    private bool _dead;
    private bool _disposed;

    private NgspiceWorkerProcess(Process process)
    {
        _process = process;
        _writer = new BinaryWriter(process.StandardInput.BaseStream);
        _reader = new BinaryReader(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(e.Data);
                while (_stderrTail.Count > StderrLinesKept) _stderrTail.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Operating-system id of the worker process (for diagnostics and tests).</summary>
    public int ProcessId => _process.Id;

    /// <summary>False once the worker timed out, crashed or was disposed.</summary>
    public bool IsAlive => !_dead && !_disposed && !_process.HasExited;

    /// <summary>Starts a worker and waits until it has loaded libngspice.</summary>
    /// <exception cref="EngineCrashedException">The worker could not start or load ngspice.</exception>
    public static NgspiceWorkerProcess Start()
    {
        Process process;
        try
        {
            process = Process.Start(WorkerLauncher.StartInfo())
                      ?? throw new EngineCrashedException("Could not start an ngspice worker process.");
        }
        catch (Win32Exception e)
        {
            throw new EngineCrashedException($"Could not start an ngspice worker process: {e.Message}", inner: e);
        }

        var worker = new NgspiceWorkerProcess(process);
        try
        {
            var ready = worker.Await(() => worker._reader.ReadInt32(), StartupTimeout, "start");
            if (ready != WorkerProtocol.ReadyMagic)
                throw worker.Crashed("The ngspice worker answered its start-up with unexpected data.", null);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Runs one netlist (text as ngspice reads it) and returns what ngspice produced.</summary>
    /// <exception cref="SimulationTimeoutException">Not done within <paramref name="timeout"/>: the worker was killed.</exception>
    /// <exception cref="EngineCrashedException">The worker died during the run.</exception>
    internal WorkerReply Run(string netlist, string? workingDirectory, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_dead) throw new InvalidOperationException("This ngspice worker is dead; start a new one.");
        try
        {
            WorkerProtocol.WriteRun(_writer, netlist, workingDirectory);
        }
        catch (IOException e)
        {
            throw Crashed("The ngspice worker died before it received the circuit", e);
        }

        var reply = Await(() => WorkerProtocol.ReadReply(_reader), timeout, "run");
        if (reply.ExitRequested) _dead = true; // the worker exits after such a reply
        return reply;
    }

    /// <summary>Runs <paramref name="read"/> on a separate thread and kills the worker if it takes longer than <paramref name="timeout"/>.</summary>
    private T Await<T>(Func<T> read, TimeSpan timeout, string phase)
    {
        var task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try
        {
            finished = task.Wait(timeout);
        }
        catch (AggregateException e)
        {
            throw Crashed(phase == "start"
                ? "The ngspice worker exited during start-up"
                : "The ngspice worker died during the simulation", e.InnerException);
        }

        if (finished) return task.Result;

        Kill();
        _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // the read fails once the pipe closes
        if (phase == "start")
            throw Crashed($"The ngspice worker did not start within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
        throw new SimulationTimeoutException(timeout, NgspiceEngine.EngineName);
    }

    private EngineCrashedException Crashed(string what, Exception? inner)
    {
        _dead = true;
        int? exitCode = null;
        if (!_process.WaitForExit(2000)) Kill();
        try
        {
            _process.WaitForExit(); // also flushes the stderr reader
            exitCode = _process.ExitCode;
        }
        catch (InvalidOperationException) { }

        string[] tail;
        lock (_stderrTail) tail = _stderrTail.ToArray();
        var message = what + (exitCode is int code ? $" ({DescribeExit(code)})" : "") + ".";
        if (tail.Length > 0) message += " Worker stderr: " + string.Join(" | ", tail.TakeLast(5));
        return new EngineCrashedException(message, exitCode, tail, inner);
    }

    internal static string DescribeExit(int code) => code switch
    {
        NgspiceWorkerMain.ExitLibraryMissing => $"exit code {code}: libngspice could not be loaded",
        NgspiceWorkerMain.ExitNgspiceQuit => $"exit code {code}: ngspice requested an exit",
        > 128 and < 160 => $"exit code {code}: killed by signal {code - 128}{SignalName(code - 128)}",
        _ => $"exit code {code}",
    };

    private static string SignalName(int signal) => signal switch
    {
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    };

    /// <summary>Kills the worker from another thread while it may be running; the run in progress then fails as a crash.</summary>
    internal void Abort() => Kill();

    private void Kill()
    {
        _dead = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException) { }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_dead && !_process.HasExited)
            {
                _writer.Write(WorkerProtocol.OpQuit);
                _writer.Flush();
                _process.StandardInput.Close();
                if (!_process.WaitForExit(1000)) Kill();
            }
            else Kill();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Kill();
        }
        _process.Dispose();
    }
}
