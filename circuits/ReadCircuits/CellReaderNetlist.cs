using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>A netlist holding several independent reader instances, with what to save and how to read each.</summary>
public sealed record ReaderBatch(string Circuit, IReadOnlyList<string> Vectors, IReadOnlyList<ReaderProbes> Probes);

/// <summary>
/// Builds the ngspice netlist of one or more independent "read one MTJ cell with a flash ADC"
/// circuits (<see cref="CellReadCircuit"/> front end + <see cref="FlashAdcDesign"/>). Every instance
/// has its own sources, nodes and drawn parameters and shares no node with another except ground,
/// so batching many Monte Carlo draws into one netlist leaves each draw's circuit equations
/// unchanged; the only coupling is the common time step, which is never coarser than a draw alone
/// would get (so accuracy is kept, while results agree to within the integration tolerance).
/// </summary>
public static class CellReaderNetlist
{
    public static ReaderBatch Build(CellReadCircuit circuit, FlashAdcDesign adc, IReadOnlyList<ReaderDraw> draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        if (draws.Count == 0) throw new ArgumentException("At least one reader instance is needed.", nameof(draws));
        var sb = new StringBuilder();
        var vectors = new List<string>();
        var probes = new List<ReaderProbes>();
        for (int n = 0; n < draws.Count; n++)
            probes.Add(AppendInstance(sb, vectors, circuit, adc, draws[n], $"n{n}"));
        return new ReaderBatch(sb.ToString(), vectors, probes);
    }

    private static ReaderProbes AppendInstance(StringBuilder sb, List<string> vectors, CellReadCircuit circuit,
        FlashAdcDesign adc, ReaderDraw draw, string p)
    {
        string rd = $"{p}_rd", bl = $"{p}_bl";
        // Front end: read source, cell, load resistor, bit-line + comparator-input capacitance.
        sb.AppendLine($"V{p}rd {rd} 0 PWL(0 0 {N(circuit.RiseTime)} {N(circuit.ReadVoltage)})");
        sb.AppendLine(draw.Cell.SpiceLine($"{p}cell", rd, bl));
        sb.AppendLine($"R{p}l {bl} 0 {N(circuit.LoadResistance)}");
        sb.AppendLine($"C{p}bl {bl} 0 {N(circuit.BitLineCapacitance + adc.Comparators * adc.Comparator.InputCapacitance)}");
        var parts = FlashAdcNetlist.Append(sb, adc, p, bl, draw.ComparatorOffsets, draw.LadderFactors);
        string vRd = $"v({rd})", iRd = $"i(v{p}rd)";
        vectors.Add(vRd); vectors.Add(iRd); vectors.Add($"v({bl})");
        vectors.AddRange(parts.Vectors);
        double Power(TransientResult r, int t) => -r[vRd][t] * r[iRd][t] + parts.Power(r, t);
        return new ReaderProbes(parts.Outputs, adc.Comparator.LogicThreshold, Power);
    }
}
