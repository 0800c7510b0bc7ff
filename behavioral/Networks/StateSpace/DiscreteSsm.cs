using System.Numerics;
using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// A discretized diagonal state-space system, the form that runs step by step:
/// <c>x_t = A_bar x_(t-1) + B_bar u_t</c>, <c>y_t = Re(C x_t) + D u_t</c>, x_0 = 0, with A_bar diagonal
/// complex (<see cref="ARe"/>, <see cref="AIm"/>, one per mode), B_bar States x Inputs complex,
/// C Outputs x States complex, D Outputs x Inputs real (all row-major, real and imaginary parts in
/// separate arrays). Made by <see cref="S4dParameters.Discretize"/>, or directly (a known system
/// in a test, a quantized copy). The same layout holds the gradient of a loss with respect to
/// each entry (<see cref="Backward"/>), with complex gradients written dL/dRe + i dL/dIm.
/// Sequences are batch x steps x channels, row-major; the state buffer of a run is
/// (batch * steps) x 2 States, real parts first, so the products with B_bar and C are two
/// matrix multiplications (OpenBLAS) and only the diagonal recurrence is a loop.
/// </summary>
public sealed class DiscreteSsm
{
    public DiscreteSsm(int inputs, int states, int outputs)
    {
        if (inputs < 1 || states < 1 || outputs < 1)
            throw new ArgumentException($"sizes must be positive: {inputs} inputs, {states} states, {outputs} outputs");
        Inputs = inputs;
        States = states;
        Outputs = outputs;
        ARe = new double[states];
        AIm = new double[states];
        BRe = new double[states * inputs];
        BIm = new double[states * inputs];
        CRe = new double[outputs * states];
        CIm = new double[outputs * states];
        D = new double[outputs * inputs];
    }

    public int Inputs { get; }
    public int States { get; }
    public int Outputs { get; }
    public double[] ARe { get; }
    public double[] AIm { get; }
    public double[] BRe { get; }
    public double[] BIm { get; }
    public double[] CRe { get; }
    public double[] CIm { get; }
    public double[] D { get; }

    /// <summary>Every array with its name, in a fixed order.</summary>
    public IReadOnlyList<(string Name, double[] Values)> Arrays =>
        [("a_re", ARe), ("a_im", AIm), ("b_re", BRe), ("b_im", BIm), ("c_re", CRe), ("c_im", CIm), ("d", D)];

    /// <summary>A deep copy.</summary>
    public DiscreteSsm Clone()
    {
        var c = new DiscreteSsm(Inputs, States, Outputs);
        var from = Arrays;
        var to = c.Arrays;
        for (int i = 0; i < from.Count; i++) from[i].Values.CopyTo(to[i].Values, 0);
        return c;
    }

    public Complex A(int n) => new(ARe[n], AIm[n]);
    public Complex B(int n, int h) => new(BRe[n * Inputs + h], BIm[n * Inputs + h]);
    public Complex C(int o, int n) => new(CRe[o * States + n], CIm[o * States + n]);

    /// <summary>The largest |A_bar_n|: below 1 the recurrence forgets, at or above 1 it does not decay.</summary>
    public double SpectralRadius()
    {
        double r = 0;
        for (int n = 0; n < States; n++) r = Math.Max(r, Complex.Abs(A(n)));
        return r;
    }

    /// <summary>
    /// Runs the recurrence on <paramref name="u"/> (batch x steps x Inputs) and keeps every state
    /// for <see cref="Backward"/>. The trace refers to <paramref name="u"/>; do not change it before the backward pass.
    /// </summary>
    public SsmTrace Run(double[] u, int batch, int steps)
    {
        int rows = CheckSequence(u.Length, batch, steps, Inputs, "input");
        int n2 = 2 * States;
        var x = new double[rows * n2];
        // Every B_bar u_t at once: x = U [B_re; B_im]^T, then the diagonal recurrence adds A_bar x_(t-1).
        Blas.Gemm(false, true, rows, n2, Inputs, 1.0, u, StackedB(), 0.0, x);
        for (int b = 0; b < batch; b++)
            for (int t = 1; t < steps; t++)
            {
                var prev = x.AsSpan(((b * steps) + t - 1) * n2, n2);
                var cur = x.AsSpan(((b * steps) + t) * n2, n2);
                for (int n = 0; n < States; n++)
                {
                    double pr = prev[n], pi = prev[States + n];
                    cur[n] += ARe[n] * pr - AIm[n] * pi;
                    cur[States + n] += ARe[n] * pi + AIm[n] * pr;
                }
            }
        var y = new double[rows * Outputs];
        Blas.Gemm(false, true, rows, Outputs, n2, 1.0, x, OutputMap(), 0.0, y);
        Blas.Gemm(false, true, rows, Outputs, Inputs, 1.0, u, D, 1.0, y);
        return new SsmTrace(u, x, y, batch, steps);
    }

    /// <summary>
    /// The backward pass of <see cref="Run"/>: from dL/dy (batch x steps x Outputs) the gradient with
    /// respect to every entry of this system and to the input. The adjoint runs the recurrence
    /// backwards: lambda_t = dL/dx_t (through y_t) + conj(A_bar) lambda_(t+1); then
    /// dA_bar = sum conj(x_(t-1)) lambda_t, dB_bar = sum lambda_t u_t^T, dC = sum dy_t conj(x_t)^T,
    /// dD = sum dy_t u_t^T, du_t = Re(B_bar^H lambda_t) + D^T dy_t.
    /// </summary>
    public SsmGradient Backward(SsmTrace trace, ReadOnlySpan<double> dy)
    {
        int batch = trace.Batch, steps = trace.Steps, rows = batch * steps, n2 = 2 * States;
        if (dy.Length != rows * Outputs)
            throw new ArgumentException($"dL/dy holds {dy.Length} values, expected {batch} x {steps} x {Outputs}");
        var dyArr = dy.ToArray();
        var g = new DiscreteSsm(Inputs, States, Outputs);
        Blas.Gemm(true, false, Outputs, Inputs, rows, 1.0, dyArr, trace.Input, 0.0, g.D);
        var dMap = new double[Outputs * n2];
        Blas.Gemm(true, false, Outputs, n2, rows, 1.0, dyArr, trace.States, 0.0, dMap);
        for (int o = 0; o < Outputs; o++)
            for (int n = 0; n < States; n++)
            {
                g.CRe[o * States + n] = dMap[o * n2 + n];
                g.CIm[o * States + n] = -dMap[o * n2 + States + n];
            }
        // lambda starts as dL/dx_t through y_t alone, then accumulates the future backwards in time.
        var lam = new double[rows * n2];
        Blas.Gemm(false, false, rows, n2, Outputs, 1.0, dyArr, OutputMap(), 0.0, lam);
        for (int b = 0; b < batch; b++)
            for (int t = steps - 2; t >= 0; t--)
            {
                var next = lam.AsSpan(((b * steps) + t + 1) * n2, n2);
                var cur = lam.AsSpan(((b * steps) + t) * n2, n2);
                for (int n = 0; n < States; n++)
                {
                    double lr = next[n], li = next[States + n];
                    cur[n] += ARe[n] * lr + AIm[n] * li;
                    cur[States + n] += ARe[n] * li - AIm[n] * lr;
                }
            }
        for (int b = 0; b < batch; b++)
            for (int t = 1; t < steps; t++)
            {
                var xPrev = trace.States.AsSpan(((b * steps) + t - 1) * n2, n2);
                var l = lam.AsSpan(((b * steps) + t) * n2, n2);
                for (int n = 0; n < States; n++)
                {
                    double xr = xPrev[n], xi = xPrev[States + n], lr = l[n], li = l[States + n];
                    g.ARe[n] += xr * lr + xi * li;
                    g.AIm[n] += xr * li - xi * lr;
                }
            }
        var dB = new double[n2 * Inputs];
        Blas.Gemm(true, false, n2, Inputs, rows, 1.0, lam, trace.Input, 0.0, dB);
        dB.AsSpan(0, States * Inputs).CopyTo(g.BRe);
        dB.AsSpan(States * Inputs).CopyTo(g.BIm);
        var du = new double[rows * Inputs];
        Blas.Gemm(false, false, rows, Inputs, Outputs, 1.0, dyArr, D, 0.0, du);
        Blas.Gemm(false, false, rows, Inputs, n2, 1.0, lam, StackedB(), 1.0, du);
        return new SsmGradient(g, du);
    }

    /// <summary>
    /// The convolution kernel of length <paramref name="length"/>: K_k = Re(C diag(A_bar^k) B_bar),
    /// an Outputs x Inputs matrix per lag k (array length x Outputs x Inputs), so that
    /// y_t = sum_(k=0..t-1) K_k u_(t-k) + D u_t (Gu, Gupta, Goel and Re 2022, eq. for the S4D kernel).
    /// </summary>
    public double[] Kernel(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), "kernel length must be positive");
        var k = new double[length * Outputs * Inputs];
        var power = new Complex[States];
        Array.Fill(power, Complex.One);
        for (int lag = 0; lag < length; lag++)
        {
            for (int o = 0; o < Outputs; o++)
                for (int n = 0; n < States; n++)
                {
                    var cp = C(o, n) * power[n];
                    for (int h = 0; h < Inputs; h++)
                        k[(lag * Outputs + o) * Inputs + h] += cp.Real * BRe[n * Inputs + h] - cp.Imaginary * BIm[n * Inputs + h];
                }
            for (int n = 0; n < States; n++) power[n] *= A(n);
        }
        return k;
    }

    /// <summary>The convolutional form: y = K * u + D u with the kernel of <see cref="Kernel"/> (direct causal sum).</summary>
    public double[] Convolve(ReadOnlySpan<double> u, int batch, int steps)
    {
        int rows = CheckSequence(u.Length, batch, steps, Inputs, "input");
        var kernel = Kernel(steps);
        var y = new double[rows * Outputs];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
            {
                var yt = y.AsSpan((b * steps + t) * Outputs, Outputs);
                var ut = u.Slice((b * steps + t) * Inputs, Inputs);
                for (int o = 0; o < Outputs; o++)
                    for (int h = 0; h < Inputs; h++) yt[o] += D[o * Inputs + h] * ut[h];
                for (int lag = 0; lag <= t; lag++)
                {
                    var us = u.Slice((b * steps + t - lag) * Inputs, Inputs);
                    for (int o = 0; o < Outputs; o++)
                    {
                        var ko = kernel.AsSpan((lag * Outputs + o) * Inputs, Inputs);
                        double s = 0;
                        for (int h = 0; h < Inputs; h++) s += ko[h] * us[h];
                        yt[o] += s;
                    }
                }
            }
        return y;
    }

    /// <summary>[B_re; B_im], 2 States x Inputs: the real map from u to the stacked state.</summary>
    internal double[] StackedB()
    {
        var s = new double[2 * States * Inputs];
        BRe.CopyTo(s, 0);
        BIm.CopyTo(s, States * Inputs);
        return s;
    }

    /// <summary>[C_re, -C_im], Outputs x 2 States: y = Re(C x) as a real map of the stacked state.</summary>
    internal double[] OutputMap()
    {
        int n2 = 2 * States;
        var w = new double[Outputs * n2];
        for (int o = 0; o < Outputs; o++)
            for (int n = 0; n < States; n++)
            {
                w[o * n2 + n] = CRe[o * States + n];
                w[o * n2 + States + n] = -CIm[o * States + n];
            }
        return w;
    }

    internal static int CheckSequence(int length, int batch, int steps, int channels, string what)
    {
        if (batch < 1 || steps < 1) throw new ArgumentException($"batch ({batch}) and steps ({steps}) must be positive");
        if (length != batch * steps * channels)
            throw new ArgumentException($"{what} holds {length} values, expected {batch} x {steps} x {channels}");
        return batch * steps;
    }
}

/// <summary>What a forward run keeps for the backward pass: the input, every state (stacked real, imaginary) and the output.</summary>
public sealed record SsmTrace(double[] Input, double[] States, double[] Output, int Batch, int Steps);

/// <summary>The backward pass's result: dL/d of every entry of the discrete system, and dL/du.</summary>
public sealed record SsmGradient(DiscreteSsm System, double[] Input);
