namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// A discrete diagonal system written as ONE real matrix for a crossbar, as IMSSA deploys S4D
/// (Siegel, Yang and Strachan 2024, arXiv 2412.20215): each complex entry a + ib acts on a state's
/// (Re, Im) pair as the block [[a, -b], [b, a]], and state, input and output are stacked so that
/// one matrix-vector product per time step maps [x_(t-1); u_t] to [x_t; y_t]:
/// <code>
///            x_re(t-1)         x_im(t-1)          u_t
/// x_re(t)  [ diag Re A_bar     -diag Im A_bar     Re B_bar              ]
/// x_im(t)  [ diag Im A_bar      diag Re A_bar     Im B_bar              ]
/// y_t      [ Re(C A_bar)       -Im(C A_bar)       Re(C B_bar) + D       ]
/// </code>
/// The output rows hold C A_bar and C B_bar + D because y_t = Re(C x_t) + D u_t must come out of
/// the same product that makes x_t from x_(t-1). Rows are outputs of the product (the crossbar's
/// columns), columns its inputs (word lines), the layout of <see cref="IProgrammedMatrix"/>:
/// <see cref="Rows"/> = 2 States + Outputs, <see cref="Cols"/> = 2 States + Inputs.
/// B_bar (a step Delta times B) is often a hundred times smaller than A_bar (near 1), and C larger,
/// so on one weight range the B block would round to zero. Two digital gains keep the matrix
/// exact while its blocks share the range (<see cref="Balanced"/>): the u columns hold
/// <see cref="InputGain"/> x their values and receive u / InputGain, the y rows hold their values /
/// <see cref="OutputGain"/> and their outputs are multiplied by OutputGain after the ADC.
/// </summary>
public sealed class ExpandedSsm
{
    private ExpandedSsm(int inputs, int states, int outputs, double[,] matrix, double inputGain, double outputGain)
    {
        Inputs = inputs;
        States = states;
        Outputs = outputs;
        Matrix = matrix;
        InputGain = inputGain;
        OutputGain = outputGain;
    }

    /// <summary>The u columns hold B_bar and C B_bar + D times this; the runner feeds u / InputGain.</summary>
    public double InputGain { get; }

    /// <summary>The y rows hold their entries divided by this; the runner multiplies their outputs by it.</summary>
    public double OutputGain { get; }

    public int Inputs { get; }
    public int States { get; }
    public int Outputs { get; }

    /// <summary>The real matrix, <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public double[,] Matrix { get; }

    public int Rows => 2 * States + Outputs;
    public int Cols => 2 * States + Inputs;

    /// <summary>The expansion of <paramref name="system"/>, with both gains 1.</summary>
    public static ExpandedSsm From(DiscreteSsm system) => From(system, 1, 1);

    /// <summary>
    /// The expansion with gains chosen so the largest |entry| of the B block and of the y rows equal
    /// the largest |entry| of the A block: the three blocks then use the same weight range.
    /// </summary>
    public static ExpandedSsm Balanced(DiscreteSsm system)
    {
        var plain = From(system);
        int n2 = 2 * system.States;
        double a = plain.BlockMaxAbs(0, n2, 0, n2), b = plain.BlockMaxAbs(0, n2, n2, plain.Cols), y = plain.BlockMaxAbs(n2, plain.Rows, 0, n2);
        if (!(a > 0)) return plain;
        double inputGain = b > 0 ? a / b : 1;
        // The y rows' largest entry after the input gain has scaled their u part.
        double yMax = Math.Max(y, plain.BlockMaxAbs(n2, plain.Rows, n2, plain.Cols) * inputGain);
        return From(system, inputGain, yMax > 0 ? yMax / a : 1);
    }

    /// <summary>The expansion with explicit gains (see <see cref="InputGain"/>, <see cref="OutputGain"/>).</summary>
    public static ExpandedSsm From(DiscreteSsm system, double inputGain, double outputGain)
    {
        if (!(inputGain > 0) || !(outputGain > 0) || !double.IsFinite(inputGain) || !double.IsFinite(outputGain))
            throw new ArgumentException($"gains must be positive and finite (input {inputGain}, output {outputGain})");
        int n = system.States, h = system.Inputs, o = system.Outputs;
        var m = new double[2 * n + o, 2 * n + h];
        for (int k = 0; k < n; k++)
        {
            m[k, k] = system.ARe[k];
            m[k, n + k] = -system.AIm[k];
            m[n + k, k] = system.AIm[k];
            m[n + k, n + k] = system.ARe[k];
            for (int j = 0; j < h; j++)
            {
                m[k, 2 * n + j] = system.BRe[k * h + j] * inputGain;
                m[n + k, 2 * n + j] = system.BIm[k * h + j] * inputGain;
            }
        }
        for (int r = 0; r < o; r++)
        {
            for (int k = 0; k < n; k++)
            {
                var ca = system.C(r, k) * system.A(k);
                m[2 * n + r, k] = ca.Real / outputGain;
                m[2 * n + r, n + k] = -ca.Imaginary / outputGain;
            }
            for (int j = 0; j < h; j++)
            {
                double s = system.D[r * h + j];
                for (int k = 0; k < n; k++) s += (system.C(r, k) * system.B(k, j)).Real;
                m[2 * n + r, 2 * n + j] = s * inputGain / outputGain;
            }
        }
        return new ExpandedSsm(h, n, o, m, inputGain, outputGain);
    }

    /// <summary>
    /// Every entry on the levels of one fixed-range quantizer (IMSSA's constant scale: the real and
    /// imaginary parts of every block share the device range).
    /// </summary>
    public ExpandedSsm Quantized(FixedRangeQuantizer quantizer)
    {
        var m = (double[,])Matrix.Clone();
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++) m[r, c] = quantizer.Quantize(m[r, c]);
        return new ExpandedSsm(Inputs, States, Outputs, m, InputGain, OutputGain);
    }

    /// <summary>The largest |entry|: the weight clip that maps the whole matrix without clipping.</summary>
    public double MaxAbs() => BlockMaxAbs(0, Rows, 0, Cols);

    /// <summary>The largest |entry| of rows [r0, r1) and columns [c0, c1).</summary>
    public double BlockMaxAbs(int r0, int r1, int c0, int c1)
    {
        double max = 0;
        for (int r = r0; r < r1; r++)
            for (int c = c0; c < c1; c++) max = Math.Max(max, Math.Abs(Matrix[r, c]));
        return max;
    }
}
