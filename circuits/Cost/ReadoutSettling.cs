namespace Xbar.Circuits.Cost;

/// <summary>
/// Settling of a sampled waveform and of a single-pole read-out following it. The read-out output
/// y obeys tau dy/dt = u - y; between samples u is linear, for which the exact update is
/// <code>
///   y(t + h) = u1 - m tau + (y(t) - u0 + m tau) e^(-h / tau),   m = (u1 - u0) / h
/// </code>
/// and after the last sample u holds its final value, so y approaches it as e^(-t / tau): the time
/// y stays within a band of the final value is exact, not sampled.
/// </summary>
public static class ReadoutSettling
{
    /// <summary>
    /// The last time (s) at which |u(t) - final| exceeds <paramref name="band"/> (linear interpolation
    /// between samples); 0 when it never does. The waveform is taken as held at <paramref name="final"/> after its last sample.
    /// </summary>
    public static double SettleTime(double[] time, double[] u, double final, double band)
    {
        for (int k = u.Length - 1; k >= 0; k--)
        {
            double e = Math.Abs(u[k] - final);
            if (e <= band) continue;
            if (k == u.Length - 1) return time[k];
            // Crossing between k and k+1.
            double e1 = Math.Abs(u[k + 1] - final);
            double f = (e - band) / Math.Max(e - e1, 1e-300);
            return time[k] + Math.Clamp(f, 0, 1) * (time[k + 1] - time[k]);
        }
        return 0;
    }

    /// <summary>The single-pole response to <paramref name="u"/> (starting from y = u[0]) at every sample.</summary>
    public static double[] Filter(double[] time, double[] u, double tau)
    {
        var y = new double[u.Length];
        y[0] = u[0];
        for (int k = 1; k < u.Length; k++)
        {
            double h = time[k] - time[k - 1];
            if (h <= 0) { y[k] = y[k - 1]; continue; }
            double decay = Math.Exp(-h / tau);
            double slope = (u[k] - u[k - 1]) / h;
            y[k] = u[k] - slope * tau + (y[k - 1] - u[k - 1] + slope * tau) * decay;
        }
        return y;
    }

    /// <summary>
    /// When a single-pole read-out of time constant <paramref name="tau"/> following <paramref name="u"/>
    /// (then held at <paramref name="final"/>) stays within <paramref name="band"/> of <paramref name="final"/> (s).
    /// </summary>
    public static double FilteredSettleTime(double[] time, double[] u, double final, double band, double tau)
    {
        var y = Filter(time, u, tau);
        double tail = Math.Abs(y[^1] - final);
        if (tail > band) return time[^1] + tau * Math.Log(tail / band);
        return SettleTime(time, y, final, band);
    }

    /// <summary>Running integral of <paramref name="u"/> over time by the trapezoidal rule.</summary>
    public static double[] Integrate(double[] time, double[] u)
    {
        var q = new double[u.Length];
        for (int k = 1; k < u.Length; k++) q[k] = q[k - 1] + 0.5 * (u[k] + u[k - 1]) * (time[k] - time[k - 1]);
        return q;
    }
}
