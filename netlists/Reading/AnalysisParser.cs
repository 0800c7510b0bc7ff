namespace Xbar.Netlists.Reading;

/// <summary>
/// Parses the analysis cards Xbar runs: <c>.op</c>, <c>.dc source start stop step</c> (one source)
/// and <c>.tran step stop [start [maxstep]] [uic]</c>. Values are checked here (zero or wrong-signed
/// steps, start past stop) because ngspice would loop or silently produce an empty result.
/// </summary>
internal static class AnalysisParser
{
    public static void Parse(string command, TokenCursor c, ValueScope scope, List<Analysis> analyses)
    {
        switch (command)
        {
            case ".op":
                if (c.ExpectEnd()) analyses.Add(Located(new OperatingPointAnalysis(), c));
                break;
            case ".dc": DcSweep(c, scope, analyses); break;
            case ".tran": Transient(c, scope, analyses); break;
        }
    }

    private static Analysis Located(Analysis analysis, TokenCursor c) => analysis with { Location = c.Location };

    private static void DcSweep(TokenCursor c, ValueScope scope, List<Analysis> analyses)
    {
        var source = c.Word("swept source name");
        if (source is null) return;
        var values = Numbers(c, scope, "start", "stop", "step");
        if (values is null) return;
        if (!c.AtEnd) { c.Error("only one sweep source is supported"); c.SkipAll(); return; }
        if (values[2] == 0) { c.Error("step must not be zero"); return; }
        if ((values[1] - values[0]) * values[2] < 0) { c.Error("step goes away from stop (sign of step is wrong)"); return; }
        analyses.Add(Located(new DcSweepAnalysis(source, values[0], values[1], values[2]), c));
    }

    private static void Transient(TokenCursor c, ValueScope scope, List<Analysis> analyses)
    {
        var required = Numbers(c, scope, "step", "stop");
        if (required is null) return;
        double start = 0;
        double? maxStep = null;
        bool uic = false;
        var optional = new List<double>();
        while (!c.AtEnd)
        {
            if (c.Accept("uic")) { uic = true; continue; }
            if (optional.Count == 2) break;
            if (scope.Next(c, optional.Count == 0 ? "start" : "maximum step") is not { } v) { c.SkipAll(); return; }
            optional.Add(v.Number);
        }
        if (!c.ExpectEnd()) return;
        if (optional.Count > 0) start = optional[0];
        if (optional.Count > 1) maxStep = optional[1];
        if (required[0] <= 0 || required[1] <= 0) { c.Error("step and stop must be positive"); return; }
        if (start < 0 || start >= required[1]) { c.Error("start must be in [0, stop)"); return; }
        if (maxStep is <= 0) { c.Error("maximum step must be positive"); return; }
        analyses.Add(Located(new TransientAnalysis(required[0], required[1], start, maxStep) { UseInitialConditions = uic }, c));
    }

    private static double[]? Numbers(TokenCursor c, ValueScope scope, params string[] roles)
    {
        var result = new double[roles.Length];
        for (int i = 0; i < roles.Length; i++)
        {
            if (scope.Next(c, roles[i]) is not { } v) { c.SkipAll(); return null; }
            result[i] = v.Number;
        }
        return result;
    }
}
