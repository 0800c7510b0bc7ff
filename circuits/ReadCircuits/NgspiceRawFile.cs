using System.Globalization;
using System.Text;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Reader of ngspice's raw output (the <c>-r file</c> of batch mode): an ASCII header
/// (<c>No. Variables</c>, <c>No. Points</c>, the <c>Variables:</c> table) followed by either
/// <c>Binary:</c> (points x variables little-endian doubles, real data) or <c>Values:</c> (text).
/// Only the first plot is read.
/// </summary>
public static class NgspiceRawFile
{
    public static TransientResult Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 0;
        int nVars = -1, nPoints = -1;
        var names = new List<string>();
        bool complex = false;
        while (pos < bytes.Length)
        {
            string line = ReadLine(bytes, ref pos);
            if (line.StartsWith("Flags:", StringComparison.OrdinalIgnoreCase))
                complex = line.Contains("complex", StringComparison.OrdinalIgnoreCase);
            else if (line.StartsWith("No. Variables:", StringComparison.OrdinalIgnoreCase))
                nVars = int.Parse(line["No. Variables:".Length..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("No. Points:", StringComparison.OrdinalIgnoreCase))
                nPoints = int.Parse(line["No. Points:".Length..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("Variables:", StringComparison.OrdinalIgnoreCase))
            {
                for (int k = 0; k < nVars; k++)
                {
                    var parts = ReadLine(bytes, ref pos).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                    names.Add(parts[1]);
                }
            }
            else if (line.StartsWith("Binary:", StringComparison.OrdinalIgnoreCase))
                return Build(names, ReadBinary(bytes, pos, nVars, nPoints, complex), path);
            else if (line.StartsWith("Values:", StringComparison.OrdinalIgnoreCase))
                return Build(names, ReadText(bytes, pos, nVars, nPoints), path);
        }
        throw new ReadSimulationException($"{path}: no data in the ngspice raw file.");
    }

    private static string ReadLine(byte[] bytes, ref int pos)
    {
        int start = pos;
        while (pos < bytes.Length && bytes[pos] != (byte)'\n') pos++;
        string s = Encoding.ASCII.GetString(bytes, start, pos - start).TrimEnd('\r');
        pos++;
        return s;
    }

    private static double[][] ReadBinary(byte[] bytes, int pos, int nVars, int nPoints, bool complex)
    {
        if (complex) throw new ReadSimulationException("Complex raw data is not supported by the read-circuit analyses.");
        int available = (bytes.Length - pos) / (8 * nVars);
        nPoints = Math.Min(nPoints, available);
        var data = new double[nVars][];
        for (int v = 0; v < nVars; v++) data[v] = new double[nPoints];
        for (int p = 0; p < nPoints; p++)
            for (int v = 0; v < nVars; v++)
            {
                data[v][p] = BitConverter.ToDouble(bytes, pos);
                pos += 8;
            }
        return data;
    }

    private static double[][] ReadText(byte[] bytes, int pos, int nVars, int nPoints)
    {
        var tokens = Encoding.ASCII.GetString(bytes, pos, bytes.Length - pos)
            .Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
        var data = new double[nVars][];
        for (int v = 0; v < nVars; v++) data[v] = new double[nPoints];
        int t = 0;
        for (int p = 0; p < nPoints; p++)
        {
            t++; // point index
            for (int v = 0; v < nVars; v++)
                data[v][p] = double.Parse(tokens[t++].Split(',')[0], CultureInfo.InvariantCulture);
        }
        return data;
    }

    private static TransientResult Build(List<string> names, double[][] data, string path)
    {
        if (names.Count == 0 || data.Length == 0 || data[0].Length == 0)
            throw new ReadSimulationException($"{path}: the ngspice raw file has no points.");
        var map = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        for (int k = 1; k < names.Count; k++) map[Normalize(names[k])] = data[k];
        return new TransientResult(data[0], map);
    }

    /// <summary>ngspice writes branch currents as <c>i(vx)</c> or <c>vx#branch</c>; both map to <c>i(vx)</c>.</summary>
    private static string Normalize(string name)
    {
        name = name.ToLowerInvariant();
        if (name.EndsWith("#branch", StringComparison.Ordinal)) return $"i({name[..^7]})";
        return name;
    }
}
