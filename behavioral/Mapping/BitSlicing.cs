namespace Xbar.Behavioral.Mapping;

/// <summary>
/// A weight of <see cref="WeightBits"/> magnitude bits spread over cells of <see cref="CellStates"/>
/// states: the magnitude |w| (clipped at the layer's clip c) becomes an integer code
/// q = round(|w| / c (2^B - 1)), written in base N as S digits d_s = floor(q / N^s) mod N, each digit on
/// its own cell (its own column of a separate slice tile); the sign is the differential pair's (the digit
/// goes on the + or the - column). The product is put back digitally: W_q x = (c / (2^B - 1)) sum_s N^s (D_s x),
/// each D_s x read through its own tile and ADC, then shifted and added. This is the bit slicing of
/// multi-bit analog in-memory accelerators: ISAAC (Shafiee et al. 2016, "ISAAC: a convolutional neural
/// network accelerator with in-situ analog arithmetic in crossbars", ISCA, sec. 3: 16-bit weights on 2-bit
/// cells in 8 columns, shift-and-add after the ADC) and NeuroSim (Peng, Huang, Luo, Yu 2019, "DNN+NeuroSim:
/// an end-to-end benchmarking framework for compute-in-memory accelerators", IEDM: weight precision / cell
/// precision columns per weight). With binary cells (N = 2) the digits are the bits; with N = 2^b a digit
/// is b bits, so S = ceil(B / b): 2-bit cells need half the slices of 1-bit cells.
/// </summary>
public sealed class BitSlicing
{
    /// <summary>Most magnitude bits (codes up to 2^24 - 1 stay exact in double arithmetic and in the DAC/ADC limits).</summary>
    public const int MaxWeightBits = 24;

    /// <param name="weightBits">B, magnitude bits of a weight (its sign is carried by the differential pair): 1..24.</param>
    /// <param name="cellStates">N, programmable states of one cell (2 = a binary MTJ, 4 = a 2-bit cell), at least 2.</param>
    public BitSlicing(int weightBits, int cellStates)
    {
        if (weightBits < 1 || weightBits > MaxWeightBits)
            throw new InvalidInputException($"--weight-bits: a weight needs 1..{MaxWeightBits} magnitude bits (got {weightBits})");
        if (cellStates < 2) throw new InvalidInputException($"bit slicing: a cell needs at least 2 states (got {cellStates})");
        WeightBits = weightBits;
        CellStates = cellStates;
        MaxCode = (1L << weightBits) - 1;
        int slices = 1;
        for (long reach = cellStates; reach <= MaxCode; reach *= cellStates) slices++;
        Slices = slices;
        var places = new double[slices];
        double place = 1;
        for (int s = 0; s < slices; s++, place *= cellStates) places[s] = place;
        PlaceValues = places;
    }

    /// <summary>B: magnitude bits per weight.</summary>
    public int WeightBits { get; }

    /// <summary>N: states per cell.</summary>
    public int CellStates { get; }

    /// <summary>log2 N: bits per cell (1 for a binary MTJ, 2 for a 4-state MTJ).</summary>
    public double CellBits => Math.Log2(CellStates);

    /// <summary>S: slices (cells, columns, tiles) per weight, the smallest S with N^S &gt; 2^B - 1.</summary>
    public int Slices { get; }

    /// <summary>2^B - 1: the largest code, given to |w| = clip.</summary>
    public long MaxCode { get; }

    /// <summary>N^s for each slice s (slice 0 holds the least significant digit).</summary>
    public IReadOnlyList<double> PlaceValues { get; }

    /// <summary>Weight per code unit: clip / (2^B - 1).</summary>
    public double Step(double clip) => clip > 0 ? clip / MaxCode : 0;

    /// <summary>The code of |w| for a layer clip: round(min(|w|, c) / c (2^B - 1)), halves away from zero; 0 for a zero clip.</summary>
    public long Code(double w, double clip)
    {
        if (!double.IsFinite(w)) throw new InvalidInputException("weights: the matrix holds a non-finite value");
        if (!(clip > 0)) return 0;
        return (long)Math.Round(Math.Min(Math.Abs(w), clip) / clip * MaxCode, MidpointRounding.AwayFromZero);
    }

    /// <summary>Digit <paramref name="slice"/> (0 = least significant) of a code in base N.</summary>
    public int Digit(long code, int slice)
    {
        for (int s = 0; s < slice; s++) code /= CellStates;
        return (int)(code % CellStates);
    }

    /// <summary>The B-bit quantized weights sign(w) (c / (2^B - 1)) q: what the slices represent together.</summary>
    public double[,] Quantize(double[,] w, double clip)
    {
        int rows = w.GetLength(0), cols = w.GetLength(1);
        var q = new double[rows, cols];
        double step = Step(clip);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) q[r, c] = Math.Sign(w[r, c]) * Code(w[r, c], clip) * step;
        return q;
    }

    /// <summary>
    /// The S digit matrices of <paramref name="w"/> (same shape), signed by the weight: slice s holds
    /// sign(w) d_s in -(N - 1)..(N - 1), the value its cells store on the + or - column of the pair.
    /// </summary>
    public double[][,] Slice(double[,] w, double clip)
    {
        int rows = w.GetLength(0), cols = w.GetLength(1);
        var slices = new double[Slices][,];
        for (int s = 0; s < Slices; s++) slices[s] = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                long code = Code(w[r, c], clip);
                int sign = Math.Sign(w[r, c]);
                for (int s = 0; s < Slices; s++, code /= CellStates)
                    slices[s][r, c] = sign * (code % CellStates);
            }
        return slices;
    }

    public override string ToString() =>
        Slices == 1 ? $"{WeightBits}-bit weights on {CellStates}-state cells (one cell per weight)"
        : $"{WeightBits}-bit weights in {Slices} slices of {CellStates}-state cells";
}
