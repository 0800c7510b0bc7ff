using Xbar.Behavioral.Mapping;
using MathNet.Numerics.Distributions;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;

namespace Xbar.Behavioral.Networks;

/// <summary>How the weight-to-conductance scale is chosen.</summary>
public enum WeightScaling
{
    /// <summary>Each tile maps its own largest |w| to the full conductance window (a digital gain per tile after the ADC).</summary>
    PerTile,

    /// <summary>Every tile of a layer shares the layer's largest |w| (one gain per layer).</summary>
    PerLayer,
}

/// <summary>
/// Settings of the <see cref="ReferenceMtjTileProgrammer"/>: the cell (states, R_P, TMR from
/// <see cref="MtjParameters"/> of devices/), the Moureaux 2026 offsets (<see cref="StateOffsets"/>),
/// which error classes are on, and the weight scaling.
/// </summary>
public sealed record ReferenceMtjTileOptions
{
    public MtjParameters Cell { get; init; } = new();
    /// <summary>Default sigma_NL = 50 Ohm (the value the project reads for the N-state study of Moureaux et al. 2026, arXiv:2604.26979; checked against its abstract only) and sigma_perp = 50 Ohm (an assumption of this reference model).</summary>
    public StateOffsets Offsets { get; init; } = new() { SigmaNl = 50, SigmaPerp = 50 };
    public bool Quantize { get; init; } = true;
    public bool Systematic { get; init; } = true;
    public bool Random { get; init; } = true;
    /// <summary>Default: one scale per layer (every tile of a layer maps weights to conductance the same way).</summary>
    public WeightScaling Scaling { get; init; } = WeightScaling.PerLayer;

    /// <summary>
    /// With <see cref="WeightScaling.PerLayer"/> and quantization on: how the layer's clip is chosen.
    /// Default <see cref="WeightClipRule.MinimumMse"/> (the clip that minimizes the layer's quantization
    /// error, clipping included). Without quantization the clip is the layer's largest |w|, so the
    /// offset-only rows of the error split carry no clipping error.
    /// </summary>
    public WeightClipRule Clip { get; init; } = WeightClipRule.MinimumMse;

    /// <summary>
    /// When true, a cell of N states is taken as N - 1 junctions in series, each with its own random
    /// offset sigma_perp, so the cell's random offset is sigma_perp sqrt(N - 1) (an assumption of this
    /// reference model, not from Moureaux 2026; with it more states cost more random error). Default false.
    /// </summary>
    public bool RandomOffsetPerJunction { get; init; }

    /// <summary>Standard deviation of a cell's random resistance offset, in Ohm.</summary>
    public double CellSigmaPerp => Offsets.SigmaPerp * (RandomOffsetPerJunction ? Math.Sqrt(Cell.States - 1) : 1);

    /// <summary>The same options with only <paramref name="source"/> switched on (for the error split).</summary>
    public ReferenceMtjTileOptions Only(ErrorSource source) => source switch
    {
        ErrorSource.None => this with { Quantize = false, Systematic = false, Random = false },
        ErrorSource.Quantization => this with { Quantize = true, Systematic = false, Random = false },
        ErrorSource.Systematic => this with { Quantize = false, Systematic = true, Random = false },
        ErrorSource.Random => this with { Quantize = false, Systematic = false, Random = true },
        ErrorSource.All => this with { Quantize = true, Systematic = true, Random = true },
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public string Describe() =>
        $"{Cell.States}-state MTJ (R_P {Cell.ResistanceParallel:0} Ohm, TMR {Cell.Tmr0 * 100:0} %), " +
        $"sigma_NL {Offsets.SigmaNl:0.##} Ohm, sigma_perp {Offsets.SigmaPerp:0.##} Ohm, " +
        $"on: {(Quantize ? "quantization " : "")}{(Systematic ? "systematic " : "")}{(Random ? "random " : "")}".TrimEnd() +
        $", {Scaling} scaling{(Scaling == WeightScaling.PerLayer && Quantize ? $" ({(Clip == WeightClipRule.Max ? "clip at max |w|" : "MSE-optimal clip")})" : "")}";
}

/// <summary>
/// A simple reference crossbar tile of multi-state MTJs, with the error model of Moureaux et al.
/// 2026 (arXiv:2604.26979), so networks and studies run without the calibrated behavioral tile.
/// <para>
/// Mapping: each signed weight w sits on a differential pair of cells (G+ - G-). With scale s
/// (<see cref="WeightScaling"/>) and u = |w| / s in [0, 1], the active cell takes the state whose
/// parallel fraction x_k is nearest u (quantization on) or exactly u (off), and the other cell sits
/// in state 0 (G_AP). Levels are those of <see cref="MtjParameters"/>: G(x) = G_AP + x (G_P - G_AP),
/// uniform in conductance unless explicit fractions are given; G_P = 1/R_P, G_AP = G_P/(1 + TMR0).
/// </para>
/// <para>
/// Errors (Moureaux 2026): each cell's low-bias resistance becomes R(x) + delta_NL + delta_perp,
/// floored at 1 % of R as in devices/ProgrammingDraws. delta_NL(k) ~ N(0, sigma_NL) is drawn once
/// per state for the whole chip (this programmer) and shared by every cell in that state;
/// for an unquantized cell it is interpolated linearly between the two neighbouring states.
/// delta_perp ~ N(0, sigma_perp) is drawn per cell from the tile's seed. Both in Ohm.
/// </para>
/// <para>
/// Read-out: ideal DAC and ADC, low-bias (ohmic) cells, no IR drop; the digital side divides by
/// the nominal window: y = s / (G_P - G_AP) * sum_j (G+_ij - G-_ij) x_j. So with every error off
/// the tile is exactly W x. The MTJ's bias-dependent TMR, wires and converters belong to the
/// calibrated behavioral tile (behavioral/Tiles), which plugs in through <see cref="ITileProgrammer"/>.
/// </para>
/// </summary>
public sealed class ReferenceMtjTileProgrammer : ITileProgrammer
{
    private readonly double[] _levels;      // parallel fraction x_k of each state, increasing, x_0 = 0, x_N-1 = 1
    private readonly double[] _systematic;  // delta_NL(k) in Ohm
    private readonly double _gP, _gAP;

    /// <summary>Creates the chip; the systematic per-state offsets are drawn from <paramref name="chipSeed"/>.</summary>
    public ReferenceMtjTileProgrammer(ReferenceMtjTileOptions options, int chipSeed)
    {
        Options = options;
        int n = options.Cell.States;
        _levels = options.Cell.ParallelFractions is { } f ? f.ToArray() : Enumerable.Range(0, n).Select(k => k / (double)(n - 1)).ToArray();
        _gP = options.Cell.ConductanceParallel;
        _gAP = _gP / (1 + options.Cell.Tmr0);
        if (!(_gP > _gAP)) throw new InvalidInputException("the reference MTJ tile needs Tmr0 > 0 (a conductance window)");
        _systematic = new double[n];
        var rng = new Random(chipSeed);
        for (int k = 0; k < n; k++) _systematic[k] = options.Offsets.SigmaNl * Normal.Sample(rng, 0, 1);
    }

    public ReferenceMtjTileOptions Options { get; }

    public string Name => $"reference MTJ tile ({Options.Describe()})";

    /// <summary>The drawn systematic offset delta_NL(k) of each state, in Ohm.</summary>
    public IReadOnlyList<double> SystematicOffsets => _systematic;

    /// <summary>Effective weights the tile realises for a block (what <see cref="IProgrammedMatrix.Multiply"/> multiplies by).</summary>
    public double[,] EffectiveWeights(double[,] weightsOutByIn, TileContext context)
    {
        int rows = weightsOutByIn.GetLength(0), cols = weightsOutByIn.GetLength(1);
        double scale = Options.Scaling == WeightScaling.PerLayer ? context.LayerWeightClip : MaxAbs(weightsOutByIn);
        var result = new double[rows, cols];
        if (scale == 0) return result;
        var rng = new Random(context.Seed);
        double sigmaPerp = Options.Random ? Options.CellSigmaPerp : 0;
        double window = _gP - _gAP;
        for (int o = 0; o < rows; o++)
            for (int i = 0; i < cols; i++)
            {
                double w = weightsOutByIn[o, i];
                double u = Math.Min(Math.Abs(w) / scale, 1);
                double x = Options.Quantize ? _levels[NearestLevel(u)] : u;
                // Both cells of the pair draw their own random offset (drawn even when zero, so
                // switching quantization does not shift the random stream).
                double zActive = sigmaPerp > 0 ? Normal.Sample(rng, 0, 1) : 0;
                double zRest = sigmaPerp > 0 ? Normal.Sample(rng, 0, 1) : 0;
                double gActive = CellConductance(x, sigmaPerp * zActive);
                double gRest = CellConductance(0, sigmaPerp * zRest);
                double diff = (gActive - gRest) / window * scale;
                result[o, i] = w >= 0 ? diff : -diff;
            }
        return result;
    }

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context) =>
        new DenseMatrix(EffectiveWeights(weightsOutByIn, context));

    /// <summary>The layer's clip: by <see cref="ReferenceMtjTileOptions.Clip"/> on the cell's levels when quantizing, else the largest |w|.</summary>
    public double LayerWeightClip(double[,] layerWeights, double maxAbs) =>
        Options.Quantize ? WeightClipChooser.Choose(layerWeights.Cast<double>(), _levels, Options.Clip) : maxAbs;

    /// <summary>Conductance (S) of a cell at parallel fraction x with a random offset (Ohm), plus the systematic offset when on.</summary>
    private double CellConductance(double x, double randomOffset)
    {
        double g = _gAP + x * (_gP - _gAP);
        double delta = randomOffset + (Options.Systematic ? SystematicAt(x) : 0);
        if (delta == 0) return g;
        double r = 1 / g;
        return 1 / Math.Max(r + delta, 0.01 * r);
    }

    /// <summary>delta_NL at fraction x: the state's own offset on a level, linear between neighbouring levels otherwise.</summary>
    private double SystematicAt(double x)
    {
        int k = 0;
        while (k + 1 < _levels.Length && _levels[k + 1] <= x) k++;
        if (k + 1 >= _levels.Length || x == _levels[k]) return _systematic[k];
        double t = (x - _levels[k]) / (_levels[k + 1] - _levels[k]);
        return _systematic[k] * (1 - t) + _systematic[k + 1] * t;
    }

    private int NearestLevel(double u)
    {
        int best = 0;
        for (int k = 1; k < _levels.Length; k++)
            if (Math.Abs(_levels[k] - u) < Math.Abs(_levels[best] - u)) best = k;
        return best;
    }

    private static double MaxAbs(double[,] m)
    {
        double max = 0;
        foreach (var v in m) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
