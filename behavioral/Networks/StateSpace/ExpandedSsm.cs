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
/// </summary>
public sealed class ExpandedSsm
{
    private ExpandedSsm(int inputs, int states, int outputs, double[,] matrix)
    {
        Inputs = inputs;
        States = states;
        Outputs = outputs;
        Matrix = matrix;
    }

    public int Inputs { get; }
    public int States { get; }
    public int Outputs { get; }

    /// <summary>The real matrix, <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public double[,] Matrix { get; }

    public int Rows => 2 * States + Outputs;
    public int Cols => 2 * States + Inputs;

    /// <summary>The expansion of <paramref name="system"/>.</summary>
    public static ExpandedSsm From(DiscreteSsm system)
    {
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
                m[k, 2 * n + j] = system.BRe[k * h + j];
                m[n + k, 2 * n + j] = system.BIm[k * h + j];
            }
        }
        for (int r = 0; r < o; r++)
        {
            for (int k = 0; k < n; k++)
            {
                var ca = system.C(r, k) * system.A(k);
                m[2 * n + r, k] = ca.Real;
                m[2 * n + r, n + k] = -ca.Imaginary;
            }
            for (int j = 0; j < h; j++)
            {
                double s = system.D[r * h + j];
                for (int k = 0; k < n; k++) s += (system.C(r, k) * system.B(k, j)).Real;
                m[2 * n + r, 2 * n + j] = s;
            }
        }
        return new ExpandedSsm(h, n, o, m);
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
        return new ExpandedSsm(Inputs, States, Outputs, m);
    }

    /// <summary>The largest |entry|: the weight clip that maps the whole matrix without clipping.</summary>
    public double MaxAbs()
    {
        double max = 0;
        foreach (var v in Matrix) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
