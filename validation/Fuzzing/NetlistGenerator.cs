using System.Globalization;
using System.Text;

namespace Xbar.Validation.Fuzzing;

/// <summary>
/// Random valid SPICE netlists as text (seeded): a grounded resistor ladder driven by a V source
/// with a random waveform, plus random elements of every kind Xbar reads (C, L, I, E, G, F, H, B,
/// D, S, W, M and subcircuit calls with parameters), global parameters, options and an analysis.
/// They are the second half of the fuzzer's seed corpus (beside examples/), so mutations reach
/// every statement parser, not only the ones the examples use.
/// </summary>
public sealed class NetlistGenerator(int seed)
{
    private readonly Random _random = new(seed);

    public string Next()
    {
        var sb = new StringBuilder();
        int id = _random.Next();
        sb.Append("generated netlist ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        int nodes = _random.Next(2, 9);
        string N(int k) => $"n{k}";
        string AnyNode() => N(_random.Next(1, nodes + 1));
        sb.Append(".param rs=").Append(Positive()).Append(" gain=").Append(Any()).Append('\n');
        sb.Append("V1 n1 0 ").Append(Waveform()).Append('\n');
        for (int k = 1; k <= nodes; k++)
        {
            sb.Append($"RG{k} {N(k)} 0 ").Append(_random.Next(3) == 0 ? "{rs*2}" : Positive()).Append('\n');
            if (k < nodes) sb.Append($"RS{k} {N(k)} {N(k + 1)} ").Append(Positive()).Append('\n');
        }
        bool needsTran = false;
        int extras = _random.Next(0, 10);
        for (int i = 0; i < extras; i++)
        {
            string a = AnyNode(), b = AnyNode();
            switch (_random.Next(13))
            {
                case 0: sb.Append($"C{i} {a} 0 {Positive()}\n"); needsTran |= _random.Next(2) == 0; break;
                case 1: sb.Append($"L{i} {a} x{i} {Positive()}\nRL{i} x{i} 0 {Positive()}\n"); break;
                case 2: sb.Append($"I{i} {a} 0 DC {Any()}\n"); break;
                case 3: sb.Append($"E{i} x{i} 0 {a} 0 {Any()}\nRE{i} x{i} 0 {Positive()}\n"); break;
                case 4: sb.Append($"G{i} {a} 0 {b} 0 {Small()}\n"); break;
                case 5: sb.Append($"F{i} {a} 0 V1 {Small()}\n"); break;
                case 6: sb.Append($"H{i} x{i} 0 V1 {Positive()}\nRH{i} x{i} 0 {Positive()}\n"); break;
                case 7: sb.Append($"B{i} {a} 0 I=v({b})*{Small()}+{{gain}}*1u\n"); break;
                case 8: sb.Append($"D{i} {a} 0 dmod\n"); break;
                case 9: sb.Append($"S{i} {a} 0 {b} 0 swmod\n"); break;
                case 10: sb.Append($"M{i} {a} {b} 0 0 nch W=1u L=1u\n"); break;
                case 11: sb.Append($"W{i} {a} 0 V1 cswmod\n"); break;
                default: sb.Append($"X{i} {a} 0 cell g={Positive()}\n"); break;
            }
        }
        sb.Append(".subckt cell p q params: g=1k\nR1 p m {g}\nR2 m q {g/2}\n.ends cell\n");
        sb.Append(".model dmod D is=1e-14 n=1.05\n.model swmod SW vt=0.5 vh=0.1 ron=1 roff=1meg\n");
        sb.Append(".model cswmod CSW it=1m ih=0.1m ron=1 roff=1meg\n.model nch NMOS level=1 vto=0.7 kp=110u\n");
        if (_random.Next(3) == 0) sb.Append(".options reltol=1e-4 noacct\n");
        sb.Append((needsTran ? 3 : _random.Next(3)) switch
        {
            0 => ".op\n",
            1 => ".dc V1 0 1 0.25\n",
            _ => $".tran {Format(1e-6 * (1 + _random.Next(9)))} {Format(1e-4 * (1 + _random.Next(9)))}\n",
        });
        sb.Append(".end\n");
        return sb.ToString();
    }

    private string Waveform() => _random.Next(4) switch
    {
        0 => $"DC {Any()}",
        1 => $"PULSE(0 {Any()} 0 1n 1n 10u 20u)",
        2 => $"SIN(0 {Any()} 10k)",
        _ => $"PWL(0 0 1u {Any()} 2u {Any()})",
    };

    private string Positive() => Format((0.5 + _random.NextDouble()) * Math.Pow(10, _random.Next(1, 6)));

    private string Small() => Format((_random.NextDouble() - 0.5) * 1e-3);

    private string Any() => Format((_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-3, 2)));

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
