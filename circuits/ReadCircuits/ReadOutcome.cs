namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// What one transient read produced: the final output code, the time (s, from the start of the
/// read ramp) after which the code no longer changes, and whether the code had settled well before
/// the end of the simulated window (otherwise the read counts as failed).
/// </summary>
public sealed record ReadOutcome(int FinalCode, double Latency, bool Settled);

/// <summary>
/// Transient read analyses: output code against time from the comparator outputs (thermometer ->
/// binary by <see cref="ThermometerEncoder"/>), read latency and energy.
/// </summary>
public static class ReadTransientAnalysis
{
    /// <summary>The output code at every time point.</summary>
    public static int[] Codes(TransientResult r, ReaderProbes probes)
    {
        int n = r.Time.Length, m = probes.ComparatorOutputs.Count;
        var outs = probes.ComparatorOutputs.Select(name => r[name]).ToArray();
        var codes = new int[n];
        var bits = new bool[m];
        for (int t = 0; t < n; t++)
        {
            for (int k = 0; k < m; k++) bits[k] = outs[k][t] > probes.LogicThreshold;
            codes[t] = ThermometerEncoder.Encode(bits);
        }
        return codes;
    }

    /// <summary>
    /// Final code and latency: the latest time any comparator output crosses the logic threshold
    /// (linearly interpolated between time points). A read whose last crossing falls in the last
    /// <paramref name="settleGuard"/> fraction of the window is marked unsettled.
    /// </summary>
    public static ReadOutcome Analyze(TransientResult r, ReaderProbes probes, double settleGuard = 0.1)
    {
        var time = r.Time;
        int n = time.Length;
        var codes = Codes(r, probes);
        int final = codes[n - 1];
        double latency = 0;
        foreach (var name in probes.ComparatorOutputs)
        {
            var v = r[name];
            for (int t = n - 1; t > 0; t--)
            {
                bool a = v[t - 1] > probes.LogicThreshold, b = v[t] > probes.LogicThreshold;
                if (a == b) continue;
                double f = (probes.LogicThreshold - v[t - 1]) / (v[t] - v[t - 1]);
                latency = Math.Max(latency, time[t - 1] + f * (time[t] - time[t - 1]));
                break;
            }
        }
        double window = time[n - 1] - time[0];
        bool settled = latency < time[0] + (1 - settleGuard) * window;
        return new ReadOutcome(final, latency - time[0], settled);
    }

    /// <summary>
    /// Energy (J) delivered by every source of the instance from the start of the read to
    /// <paramref name="until"/> (s): trapezoidal integral of the instantaneous power, with the last
    /// interval cut at <paramref name="until"/> by linear interpolation.
    /// </summary>
    public static double Energy(TransientResult r, ReaderProbes probes, double until)
    {
        var time = r.Time;
        double e = 0;
        double pPrev = probes.Power(r, 0);
        for (int t = 1; t < time.Length; t++)
        {
            double p = probes.Power(r, t);
            if (time[t] >= until)
            {
                double f = (until - time[t - 1]) / (time[t] - time[t - 1]);
                double pCut = pPrev + f * (p - pPrev);
                e += 0.5 * (pPrev + pCut) * (until - time[t - 1]);
                return e;
            }
            e += 0.5 * (pPrev + p) * (time[t] - time[t - 1]);
            pPrev = p;
        }
        return e;
    }
}
