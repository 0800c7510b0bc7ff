using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// The loop of an ngspice worker process (started by <see cref="NgspiceWorkerProcess"/>): loads
/// one copy of libngspice, then for each request loads the circuit, runs its analyses, copies
/// every plot, and clears ngspice (<c>destroy all</c> + <c>remcirc</c>, which keeps its memory
/// flat over thousands of circuits). It never interprets results: the host classifies ngspice's
/// messages. The worker exits when stdin closes, when the host process disappears, or after
/// ngspice requested an exit. The host's death is seen through the stdin pipe: a thread polls it
/// for POLLHUP, which the kernel raises once no process holds the pipe's write end, i.e. as soon as
/// the host has exited or been killed, even while it is an unreaped zombie (a zombie keeps its
/// /proc entry but no open files) and even while ngspice is busy in the main thread.
/// </summary>
internal static partial class NgspiceWorkerMain
{
    public const string Argument = "--ngspice-worker";

    public const int ExitLibraryMissing = 10;
    public const int ExitNgspiceQuit = 11;

    public static int Run(ReadOnlySpan<string> args)
    {
        // The protocol gets a private copy of stdout; fd 1 then points at stderr, so nothing the
        // native library prints directly can ever corrupt a reply.
        var protocolFd = Dup(1);
        if (protocolFd < 0 || Dup2(2, 1) < 0)
        {
            Console.Error.WriteLine("ngspice worker: cannot set up its output pipe");
            return 1;
        }
        using var output = new FileStream(new SafeFileHandle(protocolFd, ownsHandle: true), FileAccess.Write, 1 << 16);
        using var writer = new BinaryWriter(output);
        using var reader = new BinaryReader(Console.OpenStandardInput());

        StartHostWatch();

        NgspiceLibrary library;
        try
        {
            library = NgspiceLibrary.LoadAndInitialize();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Console.Error.WriteLine($"ngspice worker: {e.Message}");
            return ExitLibraryMissing;
        }
        writer.Write(WorkerProtocol.ReadyMagic);
        writer.Flush();

        while (true)
        {
            byte op;
            try { op = reader.ReadByte(); }
            catch (EndOfStreamException) { return 0; }
            if (op != WorkerProtocol.OpRun) return 0;

            var workingDirectory = reader.ReadString();
            var netlist = reader.ReadString();
            var reply = RunCircuit(library, netlist, workingDirectory);
            WorkerProtocol.WriteReply(writer, reply);
            if (reply.ExitRequested)
            {
                // The library cannot be trusted after it asked to exit; the host starts a fresh worker.
                Exit(ExitNgspiceQuit);
            }
        }
    }

    private static WorkerReply RunCircuit(NgspiceLibrary library, string netlist, string workingDirectory)
    {
        NgspiceLibrary.ClearOutput();
        if (workingDirectory.Length > 0)
        {
            try { Directory.SetCurrentDirectory(workingDirectory); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                NgspiceLibrary.Output.Add($"stderr Error: cannot enter working directory {workingDirectory}: {e.Message}");
            }
        }

        library.Circuit(NetlistLines(netlist));
        if (!NgspiceLibrary.ExitRequested)
            library.Command("run");

        var plots = new List<RawPlot>();
        if (!NgspiceLibrary.ExitRequested)
        {
            // ngspice lists the newest plot first; results are reported in analysis order.
            var names = library.AllPlots().Where(p => !p.Equals("const", StringComparison.OrdinalIgnoreCase)).Reverse();
            foreach (var plot in names)
            {
                var vectors = new List<RawVector>();
                foreach (var vector in library.AllVectors(plot))
                    vectors.Add(new RawVector(vector, library.VectorData($"{plot}.{vector}") ?? []));
                NgspiceLibrary.ScaleByPlot.TryGetValue(plot, out var scale);
                plots.Add(new RawPlot(plot, scale, vectors));
            }
        }

        var reply = new WorkerReply(NgspiceLibrary.Output.ToArray(), plots, NgspiceLibrary.ExitRequested);
        if (!NgspiceLibrary.ExitRequested)
        {
            library.Command("destroy all");
            library.Command("remcirc");
        }
        NgspiceLibrary.ClearOutput();
        return reply;
    }

    /// <summary>Splits the text into the lines ngSpice_Circ expects, with <c>.end</c> as the last card.</summary>
    internal static List<string> NetlistLines(string netlist)
    {
        var lines = netlist.Replace("\r\n", "\n").Split('\n').ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0 || !lines[^1].Trim().Equals(".end", StringComparison.OrdinalIgnoreCase))
            lines.Add(".end");
        return lines;
    }

    /// <summary>Leaves at once (whatever ngspice is doing) when the host's end of stdin closes.</summary>
    private static void StartHostWatch()
    {
        var thread = new Thread(() =>
        {
            // Events 0: poll reports only POLLHUP/POLLERR/POLLNVAL, never pending data (the main loop reads that).
            var fd = new PollFd { Fd = 0, Events = 0 };
            while (true)
            {
                int ready = Poll(ref fd, 1, -1);
                if (ready > 0 && (fd.Revents & (PollHup | PollErr | PollNval)) != 0) Exit(0);
                if (ready < 0 && Marshal.GetLastPInvokeError() != EintrErrno) Exit(0);
            }
        })
        { IsBackground = true, Name = "host watch" };
        thread.Start();
    }

    private const short PollErr = 0x8, PollHup = 0x10, PollNval = 0x20;
    private const int EintrErrno = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int fd, int fd2);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
