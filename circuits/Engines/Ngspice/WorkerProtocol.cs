namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>One vector of an ngspice plot, under ngspice's own name (<c>out</c>, <c>v1#branch</c>, <c>time</c>).</summary>
internal sealed record RawVector(string Name, double[] Data);

/// <summary>One ngspice plot (one analysis: <c>op1</c>, <c>dc1</c>, <c>tran1</c>) with its scale vector name when it has one.</summary>
internal sealed record RawPlot(string Name, string? Scale, IReadOnlyList<RawVector> Vectors);

/// <summary>
/// What a worker sends back for one circuit: everything ngspice printed (lines prefixed
/// <c>stdout</c>/<c>stderr</c> as ngspice's print callback gives them), the plots it produced, and
/// whether ngspice asked to exit (after which the worker process ends).
/// </summary>
internal sealed record WorkerReply(IReadOnlyList<string> Output, IReadOnlyList<RawPlot> Plots, bool ExitRequested);

/// <summary>
/// The host &lt;-&gt; worker wire format over the worker's stdin/stdout, length-prefixed binary
/// (<see cref="BinaryWriter"/>): a request is an opcode, a working directory and the netlist text;
/// the worker answers <see cref="ReadyMagic"/> once at start-up, then one reply per request.
/// </summary>
internal static class WorkerProtocol
{
    public const int ReadyMagic = 0x58424E47; // "XBNG"
    public const byte OpRun = 1;
    public const byte OpQuit = 2;

    public static void WriteRun(BinaryWriter writer, string netlist, string? workingDirectory)
    {
        writer.Write(OpRun);
        writer.Write(workingDirectory ?? "");
        writer.Write(netlist);
        writer.Flush();
    }

    public static void WriteReply(BinaryWriter writer, WorkerReply reply)
    {
        writer.Write(reply.ExitRequested);
        writer.Write(reply.Output.Count);
        foreach (var line in reply.Output) writer.Write(line);
        writer.Write(reply.Plots.Count);
        foreach (var plot in reply.Plots)
        {
            writer.Write(plot.Name);
            writer.Write(plot.Scale ?? "");
            writer.Write(plot.Vectors.Count);
            foreach (var vector in plot.Vectors)
            {
                writer.Write(vector.Name);
                writer.Write(vector.Data.Length);
                foreach (var x in vector.Data) writer.Write(x);
            }
        }
        writer.Flush();
    }

    public static WorkerReply ReadReply(BinaryReader reader)
    {
        var exitRequested = reader.ReadBoolean();
        var output = new string[reader.ReadInt32()];
        for (var i = 0; i < output.Length; i++) output[i] = reader.ReadString();
        var plots = new RawPlot[reader.ReadInt32()];
        for (var p = 0; p < plots.Length; p++)
        {
            var name = reader.ReadString();
            var scale = reader.ReadString();
            var vectors = new RawVector[reader.ReadInt32()];
            for (var v = 0; v < vectors.Length; v++)
            {
                var vectorName = reader.ReadString();
                var data = new double[reader.ReadInt32()];
                for (var k = 0; k < data.Length; k++) data[k] = reader.ReadDouble();
                vectors[v] = new RawVector(vectorName, data);
            }
            plots[p] = new RawPlot(name, scale.Length == 0 ? null : scale, vectors);
        }
        return new WorkerReply(output, plots, exitRequested);
    }
}
