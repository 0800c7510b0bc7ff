using System.Globalization;

namespace Xbar.Circuits.Cost;

/// <summary>
/// One measured tile MVM at one ADC resolution: what a cost sweep writes per row and what the cost
/// model is fitted to. Besides the cost (energies in J, times in s, area in m^2) it keeps the
/// transient's own figures the fit uses: the window's energies dissipated in the drivers' output
/// resistance, the cells and the wires (with the stored line energy), the powers at its end, its
/// end time, and when the inputs were all applied.
/// </summary>
public sealed record CostSample(
    string Cell, string Encoding, int Rows, int Cols, string Inputs, double MeanLevel, double MeanSquareLevel,
    int Seed, string Engine, string Adc, int Bits,
    EnergyBreakdown Energy, LatencyBreakdown Latency, double AreaM2,
    ArrayWindow Window, double EndMismatch, double Seconds)
{
    public const string Header =
        "cell,encoding,rows,cols,inputs,mean_level,mean_square_level,seed,engine,adc,bits," +
        "e_drivers_j,e_cells_j,e_wires_j,e_tia_j,e_adc_j,e_shift_add_j,e_total_j," +
        "t_array_s,t_readout_s,t_conversion_s,t_total_s,area_m2," +
        "w_drivers_j,w_cells_j,w_wires_j,p_drivers_w,p_cells_w,p_wires_w,window_end_s,applied_at_s,end_mismatch,sim_seconds";

    /// <summary>The samples of one transient at every resolution in <paramref name="bits"/> and both ADC kinds.</summary>
    public static IEnumerable<CostSample> From(TileMvmTransient t, IEnumerable<int> bits, double seconds)
    {
        var c = t.Config;
        var e = t.Result.Energy;
        var p = t.Result.FinalPowers;
        var window = new ArrayWindow(e.Driver, e.Cells, e.Wires + e.Stored, p.Driver, p.Cells, p.Wires, t.WindowEnd, t.InputsApplied);
        foreach (var kind in new[] { AdcKind.Flash, AdcKind.Sar })
            foreach (int b in bits)
            {
                var cost = t.Cost(b, kind);
                yield return new CostSample(c.Cell.Name, c.In.Encoding, c.Arr.Rows, c.Arr.Cols, t.Inputs.Name,
                    t.Inputs.MeanLevel, t.Inputs.MeanSquareLevel, t.Seed, t.Result.Engine, kind.ToString().ToLowerInvariant(), b,
                    cost.Energy, cost.Latency, TileAreaModel.Of(c, b, kind).Total, window, t.EndMismatch, seconds);
            }
    }

    public string Format()
    {
        var e = Energy;
        var l = Latency;
        var w = Window;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Cell},{Encoding},{Rows},{Cols},{Inputs},{MeanLevel:R},{MeanSquareLevel:R},{Seed},{Engine},{Adc},{Bits}," +
            $"{e.Drivers:R},{e.Cells:R},{e.Wires:R},{e.Tia:R},{e.Adc:R},{e.ShiftAdd:R},{e.Total:R}," +
            $"{l.Array:R},{l.Readout:R},{l.Conversion:R},{l.Total:R},{AreaM2:R}," +
            $"{w.Drivers:R},{w.Cells:R},{w.Wires:R},{w.DriverPower:R},{w.CellPower:R},{w.WirePower:R},{w.End:R},{w.AppliedAt:R},{EndMismatch:R},{Seconds:R}");
    }

    public static CostSample Parse(string line, string file, int lineNo)
    {
        var f = line.Split(',');
        int columns = Header.Split(',').Length;
        if (f.Length != columns) throw InvalidInputException.At(file, lineNo, $"expected {columns} columns ({Header}), got {f.Length}");
        double D(int i) => double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw InvalidInputException.At(file, lineNo, $"column {i + 1} is not a number: '{f[i]}'");
        int I(int i) => int.TryParse(f[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw InvalidInputException.At(file, lineNo, $"column {i + 1} is not an integer: '{f[i]}'");
        return new CostSample(f[0], f[1], I(2), I(3), f[4], D(5), D(6), I(7), f[8], f[9], I(10),
            new EnergyBreakdown(D(11), D(12), D(13), D(14), D(15), D(16)),
            new LatencyBreakdown(D(18), D(19), D(20)), D(22),
            new ArrayWindow(D(23), D(24), D(25), D(26), D(27), D(28), D(29), D(30)), D(31), D(32));
    }

    /// <summary>Reads a CSV with <see cref="Header"/> (a sweep's summary.csv).</summary>
    public static List<CostSample> ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: no such file");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) throw InvalidInputException.At(path, 1, $"expected the header '{Header}'");
        var list = new List<CostSample>();
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].Length > 0) list.Add(Parse(lines[i], path, i + 1));
        return list;
    }
}

/// <summary>
/// The array's share of a transient window: energies dissipated in the drivers' output resistance,
/// the cells and the wires (with the lines' stored energy) over the window (J), the powers at its
/// end (W), its end (s) and when the inputs were all applied (s).
/// </summary>
public sealed record ArrayWindow(double Drivers, double Cells, double Wires, double DriverPower, double CellPower, double WirePower,
    double End, double AppliedAt);
