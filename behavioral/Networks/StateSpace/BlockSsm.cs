using Xbar.Behavioral.Mapping;

namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// A discrete diagonal system as ONE real crossbar matrix whose blocks are A_bar, B_bar, C and D
/// themselves (complex entries expanded into [[Re, -Im], [Im, Re]] blocks as IMSSA does: Siegel,
/// Yang and Strachan 2024, arXiv 2412.20215), so that a quantization-aware trained system maps onto
/// the device levels entry for entry. One product per time step takes [x_(t-1); u_t; u_(t-1)] to
/// [x_t; y_(t-1)]:
/// <code>
///            x_re(t-1)   x_im(t-1)    u_t        u_(t-1)
/// x_re(t)  [ diag Re A  -diag Im A    Re B_bar   0 ]
/// x_im(t)  [ diag Im A   diag Re A    Im B_bar   0 ]
/// y_(t-1)  [ Re C       -Im C         0          D ]
/// </code>
/// Unlike <see cref="ExpandedSsm"/>, whose y rows hold the products C A_bar and C B_bar + D (off the
/// levels of any quantizer of A, B, C, D), the output here lags one product behind the state: y_t
/// comes out of product t + 1, and a sequence of T steps takes T + 1 products (the last with u = 0).
/// The price is H more word lines (u_(t-1)) and one step of latency.
/// Rows of the matrix are outputs of the product (crossbar columns), columns its inputs (word lines):
/// <see cref="Rows"/> = 2 States + Outputs, <see cref="Cols"/> = 2 States + 2 Inputs.
/// Digital gains let the four blocks share one weight range (<see cref="OnOneGrid"/>): the u_t
/// columns receive u / <see cref="InputGain"/>, the u_(t-1) columns u / <see cref="DelayedInputGain"/>,
/// and the y rows' outputs are multiplied by <see cref="OutputGain"/> after the ADC.
/// </summary>
public sealed class BlockSsm
{
    private BlockSsm(int inputs, int states, int outputs, double[,] matrix, double inputGain, double delayedInputGain, double outputGain)
    {
        Inputs = inputs;
        States = states;
        Outputs = outputs;
        Matrix = matrix;
        InputGain = inputGain;
        DelayedInputGain = delayedInputGain;
        OutputGain = outputGain;
    }

    public int Inputs { get; }
    public int States { get; }
    public int Outputs { get; }

    /// <summary>The real matrix, <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public double[,] Matrix { get; }

    /// <summary>The u_t columns hold B_bar times this; they receive u / InputGain.</summary>
    public double InputGain { get; }

    /// <summary>The u_(t-1) columns hold D times this (over <see cref="OutputGain"/>); they receive u / DelayedInputGain.</summary>
    public double DelayedInputGain { get; }

    /// <summary>The y rows hold their entries divided by this; their outputs are multiplied by it.</summary>
    public double OutputGain { get; }

    public int Rows => 2 * States + Outputs;
    public int Cols => 2 * States + 2 * Inputs;

    /// <summary>The blocks of <paramref name="system"/> as they are (all gains 1).</summary>
    public static BlockSsm From(DiscreteSsm system) => Build(system, v => v.Value, 1, 1, 1);

    /// <summary>
    /// The blocks of a float system scaled so that the largest |entry| of B_bar, of C and of D equals the
    /// largest |Re| or |Im| of A_bar, with the digital gains that undo it (as <see cref="ExpandedSsm.Balanced"/>):
    /// on one weight clip, B_bar (about Delta B, a hundred times smaller than A_bar) would otherwise round to zero.
    /// </summary>
    public static BlockSsm Balanced(DiscreteSsm system)
    {
        static double Max(params double[][] arrays)
        {
            double m = arrays.Max(a => a.Length == 0 ? 0 : a.Max(Math.Abs));
            return m > 0 ? m : 1;
        }
        double rA = Max(system.ARe, system.AIm), rB = Max(system.BRe, system.BIm), rC = Max(system.CRe, system.CIm), rD = Max(system.D);
        return Build(system, e => e.Block == 'A' ? e.Value : e.Value * rA / (e.Block switch { 'B' => rB, 'C' => rC, _ => rD }), rA / rB, rC / rD, rC / rA);
    }

    /// <summary>
    /// A system quantized by <paramref name="quantization"/> (every entry of A_bar, B_bar, C, D on its
    /// block's levels, as <see cref="SsmQuantization.Apply"/> leaves it) written on ONE grid: the signed
    /// levels of a differential pair of <paramref name="cellStates"/> uniform states with clip
    /// <c>RangeA</c> (level j = sign(j) RangeA |j| / (cellStates - 1), computed as the tile's uniform
    /// quantizer computes it, <see cref="WeightQuantizer.UniformLevels"/>), so a tile with that clip and
    /// those states holds the matrix exactly. Level k of a block of range r becomes level k of the A
    /// range; the gains r_B / r_A (u_t), r_D / r_C (u_(t-1)) and r_C / r_A (y) restore the values.
    /// Every block must use 2 cellStates - 1 levels and D must be quantized.
    /// </summary>
    public static BlockSsm OnOneGrid(DiscreteSsm quantized, SsmQuantization quantization, int cellStates)
    {
        var q = quantization;
        if (q.D is null) throw new ArgumentException("the D block must be quantized to share the crossbar's grid", nameof(quantization));
        int levels = 2 * cellStates - 1;
        foreach (var b in new[] { q.A, q.B, q.C, q.D })
            if (b.Levels != levels)
                throw new ArgumentException($"every block needs {levels} levels ({cellStates} states per cell), one has {b.Levels}", nameof(quantization));
        var grid = WeightQuantizer.UniformLevels(cellStates, q.A.Range);
        double OnGrid(FixedRangeQuantizer block, double value)
        {
            int j = block.IndexOf(value) - (cellStates - 1);
            if (block.Level(j + cellStates - 1) != value)
                throw new ArgumentException($"{value:R} is not a level of the quantizer of range {block.Range:R}", nameof(quantized));
            return j >= 0 ? grid[j] : -grid[-j];
        }
        return Build(quantized, e => OnGrid(e.Block switch { 'A' => q.A, 'B' => q.B, 'C' => q.C, _ => q.D }, e.Value),
            q.A.Range / q.B.Range, q.C.Range / q.D.Range, q.C.Range / q.A.Range);
    }

    /// <summary>Places every entry (Block 'A', 'B', 'C' or 'D', its value) through <paramref name="place"/>; entries of -Im are negated after placing.</summary>
    private static BlockSsm Build(DiscreteSsm s, Func<(char Block, double Value), double> place, double inputGain, double delayedGain, double outputGain)
    {
        int n = s.States, h = s.Inputs, o = s.Outputs;
        var m = new double[2 * n + o, 2 * n + 2 * h];
        for (int k = 0; k < n; k++)
        {
            double re = place(('A', s.ARe[k])), im = place(('A', s.AIm[k]));
            m[k, k] = re;
            m[k, n + k] = -im;
            m[n + k, k] = im;
            m[n + k, n + k] = re;
            for (int j = 0; j < h; j++)
            {
                m[k, 2 * n + j] = place(('B', s.BRe[k * h + j]));
                m[n + k, 2 * n + j] = place(('B', s.BIm[k * h + j]));
            }
        }
        for (int r = 0; r < o; r++)
        {
            for (int k = 0; k < n; k++)
            {
                m[2 * n + r, k] = place(('C', s.CRe[r * n + k]));
                m[2 * n + r, n + k] = -place(('C', s.CIm[r * n + k]));
            }
            for (int j = 0; j < h; j++) m[2 * n + r, 2 * n + h + j] = place(('D', s.D[r * h + j]));
        }
        return new BlockSsm(h, n, o, m, inputGain, delayedGain, outputGain);
    }

    /// <summary>
    /// Runs <paramref name="u"/> (batch x steps x Inputs) from x_0 = 0 through <paramref name="matrix"/>
    /// (programmed from <see cref="Matrix"/>), feeding the state back every step; steps + 1 products.
    /// States and outputs come back in the layout of <see cref="SsmTrace"/>, y realigned to its step.
    /// </summary>
    public SsmTrace Run(IProgrammedMatrix matrix, double[] u, int batch, int steps)
    {
        int n2 = 2 * States, cols = Cols, rows = Rows;
        if (matrix.Inputs != cols || matrix.Outputs != rows)
            throw new ArgumentException($"a {matrix.Outputs}x{matrix.Inputs} matrix cannot run a {rows}x{cols} block system");
        DiscreteSsm.CheckSequence(u.Length, batch, steps, Inputs, "input");
        var x = new double[batch * steps * n2];
        var y = new double[batch * steps * Outputs];
        var input = new double[batch * cols];
        var output = new double[batch * rows];
        for (int t = 0; t <= steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                var row = input.AsSpan(b * cols, cols);
                if (t == 0) row[..n2].Clear();
                else x.AsSpan((b * steps + t - 1) * n2, n2).CopyTo(row);
                for (int j = 0; j < Inputs; j++)
                {
                    row[n2 + j] = t < steps ? u[(b * steps + t) * Inputs + j] / InputGain : 0;
                    row[n2 + Inputs + j] = t > 0 ? u[(b * steps + t - 1) * Inputs + j] / DelayedInputGain : 0;
                }
            }
            matrix.MultiplyBatch(input, output, batch);
            for (int b = 0; b < batch; b++)
            {
                var row = output.AsSpan(b * rows, rows);
                if (t < steps) row[..n2].CopyTo(x.AsSpan((b * steps + t) * n2, n2));
                if (t == 0) continue;
                var yt = y.AsSpan((b * steps + t - 1) * Outputs, Outputs);
                for (int o = 0; o < Outputs; o++) yt[o] = row[n2 + o] * OutputGain;
            }
        }
        return new SsmTrace(u, x, y, batch, steps);
    }

    /// <summary>
    /// The state-to-state block (2 States x 2 States) that <paramref name="matrix"/> actually computes,
    /// read column by column with unit inputs on the state word lines (u = 0): on an exact matrix the
    /// [[Re A, -Im A], [Im A, Re A]] blocks, on a programmed crossbar those plus every cell's error,
    /// the zeros between the modes included.
    /// </summary>
    public double[,] ProbeStateBlock(IProgrammedMatrix matrix)
    {
        int n2 = 2 * States;
        var x = new double[n2 * Cols];
        for (int k = 0; k < n2; k++) x[k * Cols + k] = 1;
        var y = new double[n2 * Rows];
        matrix.MultiplyBatch(x, y, n2);
        var a = new double[n2, n2];
        for (int k = 0; k < n2; k++)
            for (int r = 0; r < n2; r++) a[r, k] = y[k * Rows + r];
        return a;
    }

    /// <summary>
    /// The largest |eigenvalue| of a state block (<see cref="ProbeStateBlock"/>): above 1 the recurrence
    /// grows without bound. Random errors e of standard deviation s on all (2 States)^2 entries alone give
    /// a radius near s sqrt(2 States) (the circular law: Tao and Vu 2010, "Random matrices: universality
    /// of ESDs and the circular law", Ann. Probab. 38(5)), so the zeros between the modes matter as much as the modes.
    /// </summary>
    public static double SpectralRadius(double[,] stateBlock) =>
        MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(stateBlock).Evd().EigenValues.Max(e => e.Magnitude);

    /// <summary>The largest |value| a word line receives in a float run: the DAC full scale that passes every input unclipped.</summary>
    public double InputFullScale(SsmTrace floatRun)
    {
        double max = 0;
        foreach (var v in floatRun.Input) max = Math.Max(max, Math.Abs(v) / Math.Min(InputGain, DelayedInputGain));
        foreach (var v in floatRun.States) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
