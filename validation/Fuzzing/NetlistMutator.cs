using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Xbar.Validation.Fuzzing;

/// <summary>
/// Seeded mutations of netlist text as a hostile user makes them, at the byte level (so invalid
/// UTF-8, control characters and byte-order marks reach the reader): character edits, hostile
/// numbers (0, 1e-999, 1e308, stacked scale factors, bare exponents), renamed nodes and element
/// letters, deleted/duplicated/swapped/truncated lines, deep and long expressions, and whole
/// hostile statements (includes of devices and FIFOs, recursive and exploding subcircuits,
/// self-sensing sources, bad B expressions, unknown options and model parameters, endless
/// transients). Each mutant gets 1 to 4 operations; two mutants in five get only gentle ones
/// (plausible new values with scale suffixes, an element's nodes swapped, an element copied under
/// a new name), which mostly stay valid, so the engines are stressed as much as the reader.
/// </summary>
public sealed partial class NetlistMutator(int seed, string fifoPath)
{
    private readonly Random _random = new(seed);

    private const string Alphabet = " \t+*;$=(){}',.-0123456789kKmMuUnNpPfFgGtTeEaAbBcCdDiIlLrRsSvVwWxXhH:/\\\"#%&!?<>|^~_@";

    private static readonly string[] HostileNumbers =
        ["0", "-0", "1e-999", "1e308", "-1e308", "1e999", "1kmeg", "1megk", "1mk", "1kk", "1e", "2E", "1.e", "1ex", "NaN", "inf",
         "1e-300", "1e300", "0.0", "-1", "1e99999999999", "99999999999999999999k", "1f", "1mil", "1.5.5", "--1", "+-1"];

    private string[]? _hostile;

    private string[] HostileStatements() => _hostile ??=
    [
        ".include /dev/zero", $".include {fifoPath}", ".include /nonexistent/file.inc", ".include \"\"", ".include /tmp",
        ".param pdeep=" + new string('(', 20000) + "1" + new string(')', 20000),
        ".param plong=" + string.Join("+", Enumerable.Repeat("1", 100000)),
        ".param pneg=" + new string('-', 50000) + "1",
        "B91 n1 0 V=v(n1)/0", "B92 n1 0 I=((v(n1))", "B93 n1 0 I=v(nowhere)*1m", "B94 n1 0 I=v(n1)*undefinedparam", "B95 n1 0 I=i(R99)",
        "E91 n1 0 n1 0 1", "E92 q1 0 q2 0 1\nE93 q2 0 q1 0 1\nR93 q1 0 1k\nR94 q2 0 1k",
        "R91 n1 0 0", "R92 n1 0 1e-999", "R93 n1 0 {1/0}", "R94 n1 0 1e-12",
        ".options bogus=1", ".options reltol=-1", ".options method=magic", ".options gmin", ".temp -300",
        ".model m91 D bogus=1\nD91 n1 0 m91", ".model m92 Q is=1",
        ".subckt loop a b\nX1 a b loop\n.ends loop\nX91 n1 0 loop",
        DoublingHierarchy(), ".subckt zr p q params: r=1\nR1 p q {r}\n.ends zr\nX92 n1 0 zr r=0",
        "V91 n1 n1 1", "L91 n1 0 1u", "V92 n1 0 2", ".tran 1p 1", ".dc V1 0 1 0", ".dc V1 0 1e9 1e-9",
        ".ic v(zz)=1", ".control\nrun\n.endc", ".end", ".lib foo.lib tt", ".func f(x) x*2", ".ac dec 10 1 1meg",
        "Q1 c b e npn", "R95 n1 0 1k 2k", "R96", "X93 n1 0 nosuchsub", "F91 n1 0 R1 1", ".nodeset v(n1)=1",
        "+ continuation without statement", "*", ".subckt open a b\nR1 a b 1k", ".ends",
    ];

    /// <summary>A 2^25-element hierarchy in 26 lines (refused by the reader's element budget).</summary>
    private static string DoublingHierarchy()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 25; i++) sb.Append($".subckt dbl{i} a b\nX1 a m dbl{i + 1}\nX2 m b dbl{i + 1}\n.ends\n");
        sb.Append(".subckt dbl25 a b\nR1 a b 1\n.ends\nX94 n1 0 dbl0");
        return sb.ToString();
    }

    /// <summary>A mutant of <paramref name="text"/> as bytes.</summary>
    public byte[] Mutate(string text)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
        if (_random.Next(5) < 2)
        {
            for (int k = _random.Next(1, 4); k > 0; k--) Gentle(bytes);
            return bytes.ToArray();
        }
        int operations = _random.Next(1, 5);
        for (int k = 0; k < operations; k++)
        {
            switch (_random.Next(12))
            {
                case 0: case 1: CharacterEdit(bytes); break;
                case 2: Replace(bytes, NumberToken(), () => HostileNumbers[_random.Next(HostileNumbers.Length)]); break;
                case 3: Replace(bytes, NodeToken(), () => _random.Next(4) switch { 0 => "0", 1 => "gnd", 2 => $"fresh{_random.Next(100)}", _ => "n1" }); break;
                case 4: LineEdit(bytes); break;
                case 5: case 6: InsertLine(bytes, HostileStatements()[_random.Next(HostileStatements().Length)]); break;
                case 7: Replace(bytes, NumberToken(), () => "{" + LongExpression() + "}"); break;
                case 8: InjectBytes(bytes); break;
                case 9: ChangeLetter(bytes); break;
                case 10 when bytes.Count > 0:
                    int cut = _random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                default: Prefix(bytes); break;
            }
        }
        return bytes.ToArray();
    }

    private void Gentle(List<byte> bytes)
    {
        string[] scales = ["", "k", "meg", "m", "u", "n", "p", "f", "g", "t", "e-3", "e4", "Ohm", "kOhm"];
        switch (_random.Next(3))
        {
            case 0:
                Replace(bytes, NumberToken(), () => (1 + _random.Next(999)).ToString(CultureInfo.InvariantCulture) + scales[_random.Next(scales.Length)]);
                break;
            case 1:
                Replace(bytes, ElementLine(), () => _random.Next(2) == 0 ? SwapFirstNodes(_lastMatch) : _lastMatch);
                break;
            default:
            {
                var text = Encoding.UTF8.GetString(bytes.ToArray());
                var lines = ElementLine().Matches(text);
                if (lines.Count == 0) return;
                var line = lines[_random.Next(lines.Count)].Value;
                int space = line.IndexOf(' ');
                if (space < 1) return;
                InsertLine(bytes, line[..space] + "dup" + _random.Next(1000).ToString(CultureInfo.InvariantCulture) + line[space..]);
                break;
            }
        }
    }

    private string _lastMatch = "";

    private static string SwapFirstNodes(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 3) return line;
        (f[1], f[2]) = (f[2], f[1]);
        return string.Join(' ', f);
    }

    private void CharacterEdit(List<byte> bytes)
    {
        int at = _random.Next(bytes.Count + 1);
        byte c = (byte)Alphabet[_random.Next(Alphabet.Length)];
        switch (_random.Next(3))
        {
            case 0 when bytes.Count > 0 && at < bytes.Count: bytes.RemoveAt(at); break;
            case 1 when bytes.Count > 0 && at < bytes.Count: bytes[at] = c; break;
            default: bytes.Insert(at, c); break;
        }
    }

    private void Replace(List<byte> bytes, Regex pattern, Func<string> replacement)
    {
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return;
        var m = matches[_random.Next(matches.Count)];
        _lastMatch = m.Value;
        var edited = text[..m.Index] + replacement() + text[(m.Index + m.Length)..];
        bytes.Clear();
        bytes.AddRange(Encoding.UTF8.GetBytes(edited));
    }

    private void LineEdit(List<byte> bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes.ToArray()).Split('\n').ToList();
        if (lines.Count < 2) return;
        int i = _random.Next(1, lines.Count), j = _random.Next(1, lines.Count);
        switch (_random.Next(3))
        {
            case 0: lines.RemoveAt(i); break;
            case 1: lines.Insert(j, lines[i]); break;
            default: (lines[i], lines[j]) = (lines[j], lines[i]); break;
        }
        bytes.Clear();
        bytes.AddRange(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
    }

    private void InsertLine(List<byte> bytes, string statement)
    {
        var lines = Encoding.UTF8.GetString(bytes.ToArray()).Split('\n').ToList();
        lines.Insert(lines.Count < 2 ? lines.Count : _random.Next(1, lines.Count), statement);
        bytes.Clear();
        bytes.AddRange(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
    }

    private void InjectBytes(List<byte> bytes)
    {
        byte[][] payloads = [[0x00], [(byte)'\r'], [0x0C], [0x1B], [0x7F], [0xFF], [0xC0, 0x80], [0x80], [0xC3, 0xA9], [0xE2, 0x80, 0xA8], [0xEF, 0xBB, 0xBF]];
        bytes.InsertRange(_random.Next(bytes.Count + 1), payloads[_random.Next(payloads.Length)]);
    }

    private void ChangeLetter(List<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        var starts = LineStart().Matches(text);
        if (starts.Count == 0) return;
        var m = starts[_random.Next(starts.Count)];
        const string letters = "RCLVIEGFHBSWDMXQJKTUOAZ.";
        int at = m.Index + m.Length - 1;
        text = text[..at] + letters[_random.Next(letters.Length)] + text[(at + 1)..];
        bytes.Clear();
        bytes.AddRange(Encoding.UTF8.GetBytes(text));
    }

    private void Prefix(List<byte> bytes)
    {
        byte[][] prefixes = [[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [(byte)'\n'], [(byte)'+', (byte)' ']];
        bytes.InsertRange(0, prefixes[_random.Next(prefixes.Length)]);
    }

    private string LongExpression() => _random.Next(4) switch
    {
        0 => new string('(', 300) + "1" + new string(')', 300),
        1 => string.Join("*", Enumerable.Repeat("1.0001", 2000)),
        2 => "1/0",
        _ => "2^" + _random.Next(2000).ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"(?<=[\s=(,])[-+]?\d[\w.+-]*")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"(?<=^[A-Za-z]\w*\s+)[A-Za-z_]\w*", RegexOptions.Multiline)]
    private static partial Regex NodeToken();

    [GeneratedRegex(@"^\s*[A-Za-z]", RegexOptions.Multiline)]
    private static partial Regex LineStart();

    [GeneratedRegex(@"^[RCLVIEGFHBDSWM]\w* [^\n]+", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ElementLine();
}
