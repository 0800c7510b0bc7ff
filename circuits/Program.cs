using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits;

/// <summary>
/// Entry point of Xbar.Circuits.dll when it runs as a process of its own. The assembly is an
/// executable only so that the ngspice engine can start it as an isolated worker
/// (<c>dotnet exec Xbar.Circuits.dll --ngspice-worker</c>) from whatever host uses the engine:
/// one libngspice per process, so a hang or crash in ngspice never takes the host down.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == NgspiceWorkerMain.Argument)
            return NgspiceWorkerMain.Run(args.AsSpan(1));

        Console.Error.WriteLine(
            "This is Xbar's ngspice worker: the ngspice engine starts it with " +
            $"'{NgspiceWorkerMain.Argument}' and talks to it over stdin/stdout. Use the 'xbar' command instead.");
        return 64;
    }
}
