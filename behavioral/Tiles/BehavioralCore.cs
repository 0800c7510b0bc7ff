using System.Numerics.Tensors;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The behavioral analog core: I = T v + N v^3 (+ read noise), with T (A/V) and N (A/V^3) the
/// effective linear and cubic transfer matrices of the programmed array (outputs x inputs,
/// row-major), fixed at programming so every MVM is two SIMD matrix-vector products.
/// </summary>
/// <remarks>
/// Per cell: zero-bias conductance g1 = dI/dV(0) and cubic coefficient
/// g3 = (I(V_ref) - g1 V_ref) / V_ref^3 (a chord through the cell's I-V at the reference bias,
/// capturing the MTJ's bias-dependent TMR, TMR(V) = TMR0/(1+(V/V_h)^2)). With the IR-drop
/// response (cell bias u and reach a', <see cref="LadderIrDropModel"/>):
/// T_ji = a'_ij g1_ij u_ij and N_ji = a'_ij g3_ij u_ij^3, differenced over the output's two columns.
/// Read noise: each cell's current gets a Gaussian relative error sigma (per read), summed in
/// quadrature per output.
/// </remarks>
public sealed class BehavioralCore : IAnalogCore
{
    private readonly double[] _t;
    private readonly double[]? _n;
    private readonly double[]? _noiseVar; // sigma^2 * sum of squared per-column transfers

    private BehavioralCore(int rows, int outputs, double[] t, double[]? n, double[]? noiseVar)
    {
        Rows = rows; Outputs = outputs; _t = t; _n = n; _noiseVar = noiseVar;
    }

    public int Rows { get; }
    public int Outputs { get; }

    /// <summary>Effective linear transfer matrix, outputs x inputs, row-major (A/V).</summary>
    public ReadOnlySpan<double> Transfer => _t;

    /// <summary>Builds the core from programmed cells.</summary>
    /// <param name="exactPhysicalTransfer">For <see cref="IrDropModel.Exact"/>: the nodal solver's transfer matrix (physical cols x rows, S) of the zero-bias linearized array.</param>
    public static BehavioralCore Build(ICellArray cells, MappedWeights map, WireParameters wires, IrDropModel model,
        IrDropCorrection correction, double vRef, double readNoiseSigma, double[,]? exactPhysicalTransfer = null)
    {
        int m = cells.Rows, outs = map.Outputs;
        var (tPhys, nPhys) = PhysicalTransfer(cells, wires, model, correction, vRef, exactPhysicalTransfer);
        bool nonlinear = !cells.IsLinear;
        var t = new double[outs * m];
        var n = nonlinear ? new double[outs * m] : null;
        var nv = readNoiseSigma > 0 ? new double[outs * m] : null;
        for (int o = 0; o < outs; o++)
        {
            int p = map.PlusColumn[o], q = map.MinusColumn[o];
            for (int i = 0; i < m; i++)
            {
                t[o * m + i] = tPhys[p * m + i] - tPhys[q * m + i];
                if (n is not null) n[o * m + i] = nPhys[p * m + i] - nPhys[q * m + i];
                if (nv is not null)
                    nv[o * m + i] = readNoiseSigma * readNoiseSigma * (tPhys[p * m + i] * tPhys[p * m + i] + tPhys[q * m + i] * tPhys[q * m + i]);
            }
        }
        return new BehavioralCore(m, outs, t, n, nv);
    }

    /// <summary>
    /// Linear (A/V) and cubic (A/V^3) transfer of every physical column, [col, row] flattened
    /// (col * rows + row), including the calibrated correction when <paramref name="model"/> is
    /// <see cref="IrDropModel.Calibrated"/>.
    /// </summary>
    public static (double[] T, double[] N) PhysicalTransfer(ICellArray cells, WireParameters wires, IrDropModel model,
        IrDropCorrection correction, double vRef, double[,]? exactPhysicalTransfer = null)
    {
        int m = cells.Rows, c = cells.Cols;
        var (g1, g3) = CellCoefficients(cells, vRef);
        double[] tPhys = new double[c * m], nPhys = new double[c * m];
        if (model == IrDropModel.Exact)
        {
            if (exactPhysicalTransfer is null) throw new ArgumentException("the exact IR-drop model needs the solver's transfer matrix");
            for (int j = 0; j < c; j++)
                for (int i = 0; i < m; i++)
                {
                    tPhys[j * m + i] = exactPhysicalTransfer[j, i];
                    // Cubic term at the exact linear attenuation (cell bias ~ T/g per unit input).
                    double g = g1[i * c + j];
                    double u = g > 0 ? exactPhysicalTransfer[j, i] / g : 0;
                    nPhys[j * m + i] = g3[i * c + j] * u * u * u;
                }
            return (tPhys, nPhys);
        }
        var k = model == IrDropModel.Calibrated ? correction : IrDropCorrection.Identity;
        var resp = model == IrDropModel.None
            ? LadderIrDropModel.Ideal(m, c)
            : LadderIrDropModel.Solve(g1, m, c, wires with
            {
                WordLineSegmentOhm = wires.WordLineSegmentOhm * k.WordLineScale,
                BitLineSegmentOhm = wires.BitLineSegmentOhm * k.BitLineScale,
            });
        for (int i = 0; i < m; i++)
            for (int j = 0; j < c; j++)
            {
                int q = i * c + j;
                double u = resp.CellBias[q], a = resp.ReachFraction[q];
                tPhys[j * m + i] = k.Gain * a * g1[q] * u;
                nPhys[j * m + i] = k.Gain * k.CubicScale * a * g3[q] * u * u * u;
            }
        return (tPhys, nPhys);
    }

    /// <summary>Per-cell g1 (S) and g3 (A/V^3), row-major rows x cols.</summary>
    public static (double[] G1, double[] G3) CellCoefficients(ICellArray cells, double vRef)
    {
        int m = cells.Rows, c = cells.Cols;
        var g1 = new double[m * c];
        var g3 = new double[m * c];
        bool linear = cells.IsLinear;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < c; j++)
            {
                double g = cells.Conductance(i, j, 0.0);
                g1[i * c + j] = g;
                if (!linear) g3[i * c + j] = (cells.Current(i, j, vRef) - g * vRef) / (vRef * vRef * vRef);
            }
        return (g1, g3);
    }

    /// <summary>Output currents (A) for word-line voltages (V); read noise drawn from <paramref name="noise"/> (a fresh polar-method source per call).</summary>
    public void Currents(ReadOnlySpan<double> v, Span<double> currents, Random? noise) =>
        ReadCurrents(v, currents, noise is null ? null : new ReadNoiseSource(noise));

    /// <summary>
    /// Output currents (A) for word-line voltages (V), read noise from <paramref name="noise"/>.
    /// An output whose noise variance is zero (every input of its row at 0 V, so no cell current)
    /// draws nothing: its current is exactly zero-mean noise-free, and skipping the draw keeps the
    /// sequence short without changing the statistics.
    /// </summary>
    public void ReadCurrents(ReadOnlySpan<double> v, Span<double> currents, ReadNoiseSource? noise)
    {
        int m = Rows;
        if (v.Length != m) throw new ArgumentException($"expected {m} word-line voltages, got {v.Length}");
        // Per-call scratch keeps Currents thread-safe (a programmed tile is shared across threads).
        Span<double> sq = m <= 2048 ? stackalloc double[m] : new double[m];
        Span<double> cube = m <= 2048 ? stackalloc double[m] : new double[m];
        bool noisy = _noiseVar is not null && noise is not null;
        if (_n is not null || noisy)
            for (int k = 0; k < m; k++) sq[k] = v[k] * v[k];
        if (_n is not null)
            for (int k = 0; k < m; k++) cube[k] = sq[k] * v[k];
        for (int o = 0; o < Outputs; o++)
        {
            double y = Dot(_t.AsSpan(o * m, m), v);
            if (_n is not null) y += Dot(_n.AsSpan(o * m, m), cube);
            if (noisy)
            {
                double var = Dot(_noiseVar!.AsSpan(o * m, m), sq);
                if (var > 0) y += Math.Sqrt(var) * noise!.Next();
            }
            currents[o] = y;
        }
    }

    /// <summary>Dot product: a plain loop for tile rows of a few cells (where SIMD set-up costs more than it saves), SIMD beyond.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length > 16) return TensorPrimitives.Dot(a, b);
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }
}
