using System.Globalization;
using System.Text;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.ReadCircuits;
using Xbar.Devices;

namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// The ngspice transient of the crossbar <see cref="CrossbarTransientSolver"/> integrates: the
/// elements of <see cref="CrossbarNetlistBuilder"/> with each word-line source a PWL waveform of the
/// <see cref="WordLineDrive"/>, plus one capacitor to ground at every word-line and bit-line node.
/// Gear order 2 (ngspice's <c>method=gear maxord=2</c>) is the nodal solver's formula, and the
/// maximum step is the nodal step, so the two differ only by ngspice's own step control.
/// </summary>
public static class CrossbarTransientNetlist
{
    /// <summary>The transient request: circuit, stop time, maximum step and every vector <see cref="FromNgspice"/> needs.</summary>
    public static TransientRequest Build(TransientCrossbarSpec spec, ICellArray cells, WordLineDrive drive, TransientOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(drive);
        if (drive.Rows != spec.Rows)
            throw new InvalidInputException($"the drive has {drive.Rows} word lines but the crossbar has {spec.Rows} rows");
        var sb = new StringBuilder(96 * spec.Rows * spec.Cols + 256);
        CrossbarNetlistBuilder.AppendCircuit(sb, spec.Array, cells, drive.SpiceValue, "xbar crossbar transient");
        var nodes = new CrossbarNodes(spec.Array);
        for (int i = 0; i < spec.Rows; i++)
            for (int j = 0; j < spec.Cols; j++)
            {
                if (spec.WordLineSegmentCapacitance > 0)
                    sb.Append("cwl_").Append(i).Append('_').Append(j).Append(' ').Append(nodes.WordLine(i, j))
                      .Append(" 0 ").Append(F(spec.WordLineSegmentCapacitance)).Append('\n');
                if (spec.BitLineSegmentCapacitance > 0)
                    sb.Append("cbl_").Append(i).Append('_').Append(j).Append(' ').Append(nodes.BitLine(i, j))
                      .Append(" 0 ").Append(F(spec.BitLineSegmentCapacitance)).Append('\n');
            }
        sb.Append(".options method=gear maxord=2\n");
        return new TransientRequest(sb.ToString(), options.StopTime, options.TimeStep, Vectors(spec));
    }

    /// <summary>
    /// Converts an ngspice run of <see cref="Build"/> into the nodal solver's result: column currents
    /// i(vcol_j) and the energy accounting of <see cref="TransientPowers"/> on the saved node voltages.
    /// </summary>
    public static CrossbarTransientResult FromNgspice(TransientResult run, TransientCrossbarSpec spec, ICellArray cells, WordLineDrive drive)
    {
        int m = spec.Rows, n = spec.Cols, size = m * n;
        var nodes = new CrossbarNodes(spec.Array);
        var powers = new TransientPowers(spec, nodes.CellsAsSeen(cells));
        var time = run.Time;
        var wl = new double[size][];
        var bl = new double[size][];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                wl[j * m + i] = run[V(nodes.WordLine(i, j))];
                bl[j * m + i] = run[V(nodes.BitLine(i, j))];
            }
        var cols = Enumerable.Range(0, n).Select(j => run[$"i({CrossbarNodes.ColumnSource(j)})"]).ToArray();
        var rows = new double[time.Length][];
        var instants = new TransientPowers.Instant[time.Length];
        var w = new double[size]; var b = new double[size]; var src = new double[m];
        for (int t = 0; t < time.Length; t++)
        {
            for (int k = 0; k < size; k++) { w[k] = wl[k][t]; b[k] = bl[k][t]; }
            for (int i = 0; i < m; i++) src[i] = drive.Voltage(i, time[t]);
            instants[t] = powers.At(src, w, b);
            rows[t] = cols.Select(c => c[t]).ToArray();
        }
        return new CrossbarTransientResult(NgspiceName, time, rows, TransientEnergy.Integrate(time, instants), instants[^1]);
    }

    /// <summary>Engine name of results converted by <see cref="FromNgspice"/>.</summary>
    public const string NgspiceName = "ngspice";

    /// <summary>Runs the transient in ngspice through <paramref name="runner"/>.</summary>
    public static CrossbarTransientResult Run(ITransientRunner runner, TransientCrossbarSpec spec, ICellArray cells,
        WordLineDrive drive, TransientOptions options, CancellationToken ct = default) =>
        FromNgspice(runner.Run(Build(spec, cells, drive, options), ct), spec, cells, drive);

    private static IReadOnlyList<string> Vectors(TransientCrossbarSpec spec)
    {
        var nodes = new CrossbarNodes(spec.Array);
        var list = new List<string>();
        for (int j = 0; j < spec.Cols; j++)
        {
            list.Add($"i({CrossbarNodes.ColumnSource(j)})");
            for (int i = 0; i < spec.Rows; i++)
            {
                list.Add(V(nodes.WordLine(i, j)));
                list.Add(V(nodes.BitLine(i, j)));
            }
        }
        return list;
    }

    private static string V(string node) => $"v({node})";

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
