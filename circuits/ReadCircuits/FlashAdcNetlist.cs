using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Writes one flash ADC into a netlist: its reference ladder (own source, segments scaled by the
/// drawn mismatch), its comparator supply (static bias from V_DD), and 2^b - 1 comparators of
/// <see cref="ComparatorModel"/> comparing <c>inputNode</c> with their tap plus their drawn offset.
/// Returns the vectors to save and the instantaneous power of every source it added.
/// </summary>
public static class FlashAdcNetlist
{
    /// <summary>What an appended ADC exposes: comparator outputs after the delay pole and before it (raw), low to high reference; vectors to save; power (W) at a time index.</summary>
    public sealed record Parts(IReadOnlyList<string> Outputs, IReadOnlyList<string> RawOutputs, IReadOnlyList<string> Vectors, Func<TransientResult, int, double> Power);

    public static Parts Append(StringBuilder sb, FlashAdcDesign adc, string p, string inputNode,
        IReadOnlyList<double> offsets, IReadOnlyList<double> ladderFactors)
    {
        int m = adc.Comparators;
        if (offsets.Count != m || ladderFactors.Count != m + 1)
            throw new ArgumentException($"ADC {p}: needs {m} offsets and {m + 1} ladder factors.");
        var cmp = adc.Comparator;
        string vdd = $"{p}_vdd", top = $"{p}_top";
        var seg = adc.NominalSegments();
        double vtop = adc.LadderTopVoltage;
        sb.AppendLine($"V{p}lad {top} 0 {N(vtop)}");
        string Tap(int k) => k == 0 ? "0" : k == m + 1 ? top : $"{p}_t{k}";
        for (int k = 0; k <= m; k++)
            sb.AppendLine($"R{p}s{k} {Tap(k + 1)} {Tap(k)} {N(seg[k] * ladderFactors[k])}");
        sb.AppendLine($"V{p}dd {vdd} 0 {N(cmp.SupplyVoltage)}");
        sb.AppendLine($"I{p}q {vdd} 0 {N(cmp.QuiescentCurrent * m)}");
        var outputs = new string[m];
        var raws = new string[m];
        double half = cmp.SupplyVoltage / 2, slope = 2 * cmp.Gain / cmp.SupplyVoltage;
        for (int k = 0; k < m; k++)
        {
            string raw = $"{p}_r{k}", o = $"{p}_o{k}";
            sb.AppendLine($"B{p}c{k} {raw} 0 V = {N(half)}*(1+tanh({N(slope)}*(V({inputNode})-V({Tap(k + 1)})-({N(offsets[k])}))))");
            sb.AppendLine($"R{p}d{k} {raw} {o} {N(cmp.OutputResistance)}");
            sb.AppendLine($"C{p}d{k} {o} 0 {N(cmp.OutputCapacitance)}");
            outputs[k] = $"v({o})";
            raws[k] = $"v({raw})";
        }
        string iLad = $"i(v{p}lad)", iDd = $"i(v{p}dd)";
        var vectors = new List<string> { iLad, iDd };
        vectors.AddRange(outputs);
        vectors.AddRange(raws);
        double vdd0 = cmp.SupplyVoltage, rOut = cmp.OutputResistance;
        // ngspice's i(vx) is the current entering the + terminal, so a source delivers -V i(vx);
        // a comparator's output stage delivers V_raw (V_raw - V_out) / R_d.
        double Power(TransientResult r, int t)
        {
            double pw = -vtop * r[iLad][t] - vdd0 * r[iDd][t];
            for (int k = 0; k < m; k++)
            {
                double vr = r[raws[k]][t];
                pw += vr * (vr - r[outputs[k]][t]) / rOut;
            }
            return pw;
        }
        return new Parts(outputs, raws, vectors, Power);
    }
}
