namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// Runs the recurrent form of a state-space layer step by step through a programmed matrix (an
/// <see cref="ExpandedSsm"/> in any <see cref="IProgrammedMatrix"/>: exact, quantized, behavioral
/// tiles with programming noise, IR drop and read noise, circuit in the loop). Every time step is
/// one product [x_t; y_t] = M [x_(t-1); u_t] whose state half is fed back as the next input, so
/// the DAC, crossbar and ADC errors of each step enter all later states, as on a chip (IMSSA,
/// Siegel, Yang and Strachan 2024). A batch of sequences runs as one batched product per step.
/// </summary>
public static class CrossbarRecurrence
{
    /// <summary>
    /// Runs <paramref name="u"/> (batch x steps x inputs) from x_0 = 0. The states come back in the
    /// layout of <see cref="SsmTrace.States"/> ((batch * steps) x 2 states, real parts first), the
    /// outputs as batch x steps x outputs. The matrix receives u / <paramref name="inputGain"/> and
    /// its y outputs are multiplied by <paramref name="outputGain"/> (the digital gains of
    /// <see cref="ExpandedSsm"/>).
    /// </summary>
    public static SsmTrace Run(IProgrammedMatrix matrix, int states, int inputs, int outputs, double[] u, int batch, int steps,
        double inputGain = 1, double outputGain = 1)
    {
        int n2 = 2 * states;
        if (matrix.Inputs != n2 + inputs || matrix.Outputs != n2 + outputs)
            throw new ArgumentException(
                $"a {matrix.Outputs}x{matrix.Inputs} matrix cannot run a system of {states} states, {inputs} inputs and {outputs} outputs " +
                $"(needs {n2 + outputs}x{n2 + inputs})");
        DiscreteSsm.CheckSequence(u.Length, batch, steps, inputs, "input");
        int cols = n2 + inputs, rows = n2 + outputs;
        var x = new double[batch * steps * n2];
        var y = new double[batch * steps * outputs];
        var input = new double[batch * cols];
        var output = new double[batch * rows];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                var row = input.AsSpan(b * cols, cols);
                if (t == 0) row[..n2].Clear();
                else x.AsSpan((b * steps + t - 1) * n2, n2).CopyTo(row);
                var ut = u.AsSpan((b * steps + t) * inputs, inputs);
                for (int h = 0; h < inputs; h++) row[n2 + h] = ut[h] / inputGain;
            }
            matrix.MultiplyBatch(input, output, batch);
            for (int b = 0; b < batch; b++)
            {
                var row = output.AsSpan(b * rows, rows);
                row[..n2].CopyTo(x.AsSpan((b * steps + t) * n2, n2));
                var yt = y.AsSpan((b * steps + t) * outputs, outputs);
                for (int o = 0; o < outputs; o++) yt[o] = row[n2 + o] * outputGain;
            }
        }
        return new SsmTrace(u, x, y, batch, steps);
    }

    /// <summary>Runs <paramref name="expanded"/> through <paramref name="matrix"/> (programmed from <see cref="ExpandedSsm.Matrix"/>).</summary>
    public static SsmTrace Run(IProgrammedMatrix matrix, ExpandedSsm expanded, double[] u, int batch, int steps) =>
        Run(matrix, expanded.States, expanded.Inputs, expanded.Outputs, u, batch, steps, expanded.InputGain, expanded.OutputGain);

    /// <summary>
    /// The largest |value| a word line receives, max over the run of |[x_(t-1); u_t / InputGain]| in
    /// float: the DAC full scale (input scale) that passes every input of this run unclipped.
    /// </summary>
    public static double InputFullScale(SsmTrace floatRun, double inputGain = 1)
    {
        double max = 0;
        foreach (var v in floatRun.Input) max = Math.Max(max, Math.Abs(v) / inputGain);
        foreach (var v in floatRun.States) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
