using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Digitizing a crossbar column: word line i is driven at -V_i (ramped in <see cref="RiseTime"/>)
/// through cell (i, column) into the bit line, which the TIA holds at virtual ground, so the column
/// current I = sum_i I_cell,i(V_i) leaves the bit line and the TIA output is +I R_f; a flash ADC
/// digitizes that output. The bit line carries C_BL = rows x c_cell (0.2 fF per cell, as in
/// <see cref="CellReadCircuit"/>) plus the ADC has its own comparator input capacitance on the TIA output.
/// </summary>
public static class ColumnReaderNetlist
{
    public static ReaderBatch Build(IReadOnlyList<MtjReadCell> cells, IReadOnlyList<double> inputs, TiaDesign tia,
        FlashAdcDesign adc, IReadOnlyList<double>? offsets = null, IReadOnlyList<double>? ladderFactors = null,
        double capacitancePerCell = 0.2e-15, double riseTime = 10e-12)
    {
        if (cells.Count == 0 || cells.Count != inputs.Count)
            throw new InvalidInputException($"A column needs one input per cell (got {cells.Count} cells, {inputs.Count} inputs).");
        offsets ??= new double[adc.Comparators];
        ladderFactors ??= Enumerable.Repeat(1.0, adc.Comparators + 1).ToArray();
        var sb = new StringBuilder();
        var vectors = new List<string>();
        var powers = new List<Func<TransientResult, int, double>>();
        for (int i = 0; i < cells.Count; i++)
        {
            sb.AppendLine($"Vw{i} w{i} 0 PWL(0 0 {N(riseTime)} {N(-inputs[i])})");
            sb.AppendLine(cells[i].SpiceLine($"c{i}", $"w{i}", "bl"));
            string v = $"v(w{i})", ii = $"i(vw{i})";
            vectors.Add(v); vectors.Add(ii);
            powers.Add((r, t) => -r[v][t] * r[ii][t]);
        }
        double cbl = cells.Count * capacitancePerCell;
        sb.AppendLine($"Cbl bl 0 {N(cbl)}");
        var (tiaVectors, tiaPower) = tia.Append(sb, "tia", "bl", "out", cbl);
        sb.AppendLine($"Cadc out 0 {N(adc.Comparators * adc.Comparator.InputCapacitance)}");
        var parts = FlashAdcNetlist.Append(sb, adc, "adc", "out", offsets, ladderFactors);
        vectors.AddRange(tiaVectors);
        vectors.Add("v(out)"); vectors.Add("v(bl)");
        vectors.AddRange(parts.Vectors);
        powers.Add(tiaPower);
        powers.Add(parts.Power);
        double Power(TransientResult r, int t) => powers.Sum(p => p(r, t));
        return new ReaderBatch(sb.ToString(), vectors, new[] { new ReaderProbes(parts.Outputs, adc.Comparator.LogicThreshold, Power) });
    }
}
