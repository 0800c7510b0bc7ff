using System.Globalization;
using System.Text;
using Xbar.Devices;

namespace Xbar.Circuits.Crossbars;

/// <summary>
/// Writes the SPICE netlist of a crossbar (the same circuit <see cref="Nodal.NodalCrossbarSolver"/>
/// solves): one DC source per word line, the driver resistance, word-line and bit-line wire
/// segments, every cell's own SPICE instance, and each column terminated by a 0 V sense source
/// (virtual ground) or by the sense source in series with the load resistor. The column current
/// is i(vcol_j): ngspice reports the current into the + terminal, which here is the current
/// flowing out of the bit line into the termination, positive for positive inputs.
/// </summary>
public static class CrossbarNetlistBuilder
{
    /// <summary>The netlist text with a <c>.op</c> analysis and <c>.end</c>.</summary>
    public static string Build(CrossbarSpec spec, ICellArray cells, IReadOnlyList<double> wordLineVoltages,
        string title = "xbar crossbar")
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckInputs(wordLineVoltages);
        var sb = new StringBuilder(64 * spec.Rows * spec.Cols + 256);
        AppendCircuit(sb, spec, cells, i => "DC " + F(wordLineVoltages[i]), title);
        sb.Append(".op\n.end\n");
        return sb.ToString();
    }

    /// <summary>
    /// Appends the title comment and every element of the crossbar (no analysis card), with word
    /// line i's source value given by <paramref name="sourceValue"/> (for example <c>DC 0.2</c> or a
    /// <c>PWL(...)</c> waveform), so transient netlists share this one writer.
    /// </summary>
    public static void AppendCircuit(StringBuilder sb, CrossbarSpec spec, ICellArray cells, Func<int, string> sourceValue,
        string title = "xbar crossbar")
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        var nodes = new CrossbarNodes(spec);
        var seen = nodes.CellsAsSeen(cells);
        int m = spec.Rows, n = spec.Cols;
        sb.Append("* ").Append(title).Append(": ").Append(m).Append('x').Append(n)
          .Append(", wire ").Append(F(spec.WordLineSegmentResistance)).Append(" / ")
          .Append(F(spec.BitLineSegmentResistance)).Append(" Ohm per segment (word / bit line)\n");
        foreach (string line in seen.SpiceDefinitions()) sb.Append(line).Append('\n');
        for (int i = 0; i < m; i++)
        {
            sb.Append(CrossbarNodes.InputSource(i)).Append(' ').Append(CrossbarNodes.Input(i))
              .Append(" 0 ").Append(sourceValue(i)).Append('\n');
            if (spec.DriverResistance > 0)
                sb.Append("rdrv_").Append(i).Append(' ').Append(CrossbarNodes.Input(i)).Append(' ')
                  .Append(nodes.WordLine(i, 0)).Append(' ').Append(F(spec.DriverResistance)).Append('\n');
            if (spec.WordLineSegmentResistance > 0)
                for (int j = 0; j + 1 < n; j++)
                    sb.Append("rwl_").Append(i).Append('_').Append(j).Append(' ').Append(nodes.WordLine(i, j))
                      .Append(' ').Append(nodes.WordLine(i, j + 1)).Append(' ')
                      .Append(F(spec.WordLineSegmentResistance)).Append('\n');
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                foreach (string line in seen.SpiceInstance(CrossbarNodes.Cell(i, j), nodes.WordLine(i, j), nodes.BitLine(i, j), i, j))
                    sb.Append(line).Append('\n');
        for (int j = 0; j < n; j++)
        {
            if (spec.BitLineSegmentResistance > 0)
            {
                for (int i = 0; i + 1 < m; i++)
                    sb.Append("rbl_").Append(i).Append('_').Append(j).Append(' ').Append(nodes.BitLine(i, j))
                      .Append(' ').Append(nodes.BitLine(i + 1, j)).Append(' ')
                      .Append(F(spec.BitLineSegmentResistance)).Append('\n');
                sb.Append("rbl_").Append(m - 1).Append('_').Append(j).Append(' ').Append(nodes.BitLine(m - 1, j))
                  .Append(' ').Append(CrossbarNodes.ColumnOutput(j)).Append(' ')
                  .Append(F(spec.BitLineSegmentResistance)).Append('\n');
            }
            if (spec.Termination == ColumnTermination.VirtualGround)
                sb.Append(CrossbarNodes.ColumnSource(j)).Append(' ').Append(CrossbarNodes.ColumnOutput(j)).Append(" 0 DC 0\n");
            else
            {
                sb.Append(CrossbarNodes.ColumnSource(j)).Append(' ').Append(CrossbarNodes.ColumnOutput(j)).Append(' ')
                  .Append(CrossbarNodes.LoadNode(j)).Append(" DC 0\n");
                sb.Append("rload_").Append(j).Append(' ').Append(CrossbarNodes.LoadNode(j)).Append(" 0 ")
                  .Append(F(spec.LoadResistance)).Append('\n');
            }
        }
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
