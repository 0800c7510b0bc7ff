using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Parses independent V/I sources: <c>n+ n- [DC] value [AC mag [phase]] [PULSE|PWL|SIN (...)]</c>,
/// in any order as ngspice allows. A source with no value at all is an error (ngspice silently
/// uses 0).
/// </summary>
internal static class SourceParser
{
    public static Element? Parse(TokenCursor c, ValueScope scope, Func<string, string, Waveform, IndependentSource> build)
    {
        var nodes = ElementParser.Words(c, "node n+", "node n-");
        if (nodes is null) return null;
        SpiceValue? dc = null, acMagnitude = null, acPhase = null;
        Waveform? transient = null;
        bool ok = true;
        while (!c.AtEnd && ok)
        {
            if (c.Accept("dc")) ok = Set(ref dc, scope.Next(c, "DC value"), c, "DC");
            else if (c.Accept("ac"))
            {
                ok = Set(ref acMagnitude, scope.Next(c, "AC magnitude"), c, "AC");
                if (ok && c.Peek() is { Kind: TokenKind.Word or TokenKind.Expression } t && IsValue(t))
                    acPhase = scope.Next(c, "AC phase");
            }
            else if (c.Peek() is { Kind: TokenKind.Word } fn && WaveformKind(fn.Text) is { } kind)
            {
                c.Next();
                if (transient is not null) { c.Error("more than one transient waveform"); ok = false; break; }
                transient = ReadWaveform(kind, c, scope);
                ok = transient is not null;
            }
            else if (dc is null && transient is null && acMagnitude is null)
                ok = Set(ref dc, scope.Next(c, "value"), c, "DC");
            else break;
        }
        if (!ok) { c.SkipAll(); return null; }
        if (dc is null && transient is null)
        {
            c.Error("missing source value (ngspice would silently use 0; write DC 0 if that is meant)");
            c.SkipAll();
            return null;
        }
        var source = transient is null
            ? build(nodes[0], nodes[1], new DcWaveform(dc!.Value))
            : build(nodes[0], nodes[1], transient) with { Dc = dc };
        return source with { AcMagnitude = acMagnitude, AcPhase = acPhase };
    }

    private static bool IsValue(Token t) => t.Kind == TokenKind.Expression || SpiceNumber.TryParse(t.Text, out _);

    private static bool Set(ref SpiceValue? slot, SpiceValue? value, TokenCursor c, string what)
    {
        if (value is null) return false;
        if (slot is not null) { c.Error($"{what} value given twice"); return false; }
        slot = value;
        return true;
    }

    private static string? WaveformKind(string word) => word.ToLowerInvariant() switch
    {
        "pulse" => "PULSE",
        "pwl" => "PWL",
        "sin" => "SIN",
        "exp" or "sffm" or "am" or "trnoise" or "trrandom" => word.ToUpperInvariant(),
        _ => null,
    };

    private static Waveform? ReadWaveform(string kind, TokenCursor c, ValueScope scope)
    {
        bool parenthesized = c.Accept(TokenKind.OpenParen);
        var args = new List<SpiceValue>();
        while (!c.AtEnd && c.Peek()!.Kind != TokenKind.CloseParen)
        {
            if (!parenthesized && !IsValue(c.Peek()!)) break;
            var v = scope.Next(c, $"{kind} argument {args.Count + 1}");
            if (v is null) return null;
            args.Add(v.Value);
        }
        if (parenthesized && !c.Accept(TokenKind.CloseParen)) { c.Error($"missing ')' after {kind} arguments"); return null; }
        return kind switch
        {
            "PULSE" => Count(c, kind, args, 2, 7) ? new PulseWaveform(args[0], args[1], At(args, 2), At(args, 3), At(args, 4), At(args, 5), At(args, 6)) : null,
            "SIN" => Count(c, kind, args, 2, 6) ? new SinWaveform(args[0], args[1], At(args, 2), At(args, 3), At(args, 4), At(args, 5)) : null,
            "PWL" => Pwl(c, args),
            _ => Unsupported(c, kind),
        };
    }

    private static Waveform? Pwl(TokenCursor c, List<SpiceValue> args)
    {
        if (args.Count < 2 || args.Count % 2 != 0)
        {
            c.Error($"PWL needs time/value pairs, got {args.Count} number(s)");
            return null;
        }
        var points = new List<PwlPoint>();
        for (int i = 0; i < args.Count; i += 2) points.Add(new PwlPoint(args[i], args[i + 1]));
        for (int i = 1; i < points.Count; i++)
            if (points[i].Time.AsNumberOrNull() is { } t && points[i - 1].Time.AsNumberOrNull() is { } prev && t < prev)
            {
                c.Error($"PWL times must not decrease ({SpiceNumber.Format(prev)} then {SpiceNumber.Format(t)})");
                return null;
            }
        return new PwlWaveform(points);
    }

    private static Waveform? Unsupported(TokenCursor c, string kind)
    {
        c.Error($"{kind} waveform is not supported (supported: DC, PULSE, PWL, SIN)");
        return null;
    }

    private static bool Count(TokenCursor c, string kind, List<SpiceValue> args, int min, int max)
    {
        if (args.Count >= min && args.Count <= max) return true;
        c.Error($"{kind} takes {min} to {max} arguments, got {args.Count}");
        return false;
    }

    private static SpiceValue? At(List<SpiceValue> args, int i) => i < args.Count ? args[i] : null;
}
