using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Circuits.Cost;

/// <summary>
/// The tile cost as fitted functions, so a network needs no transient per MVM. Per cell type and
/// input encoding the array's share is fitted to transients, in the shape the circuit gives it:
/// <list type="bullet">
/// <item>energies of the transient window dissipated in the drivers' output resistance, the cells
/// and the wires (with the stored line energy), and (amplitude) the powers once settled:
/// ln y = theta . [1, ln R, ln C, ln a, ln^2 R, ln^2 C, ln R ln C, ln^2 a, ln R ln a, ln C ln a]
/// (R rows, C columns, a the input activity: E[x^2] for amplitude, E[x] for pulse width; the
/// quadratic terms carry the IR drop, which grows with size and activity);</item>
/// <item>the array's settling and the read-out's settling after the inputs are all applied, linear
/// in the ADC bits b as a single pole settling to half an LSB is (t = tau ((b + 1) ln 2 + ln(error /
/// full scale))) and zero where the error is inside half an LSB from the start:
/// d = max(0, theta . [1, b, ln R, ln C, ln a, ln^2 a, ln R ln a, ln C ln a]), fitted where d &gt; 0.</item>
/// </list>
/// When the inputs are all applied is not fitted: the rise time (amplitude), or the full window of
/// 2^D clock periods and a fall (pulse width: a synchronous read waits for the window whatever the
/// inputs; <see cref="TileMvmTransient.AppliedAt(TileCostConfig)"/>). An amplitude MVM's array energy is
/// the window's plus the settled power for as long as the read outlasts the window, as in the
/// transient cost; the periphery is assembled from the same figures (<see cref="MvmCostAssembly"/>).
/// The fit holds for the technology, read voltage, driver, read-out and DAC settings it was made
/// with (<see cref="Base"/>); <see cref="Mvm"/> refuses a config that differs there.
/// </summary>
public sealed class FittedTileCostModel : ITileCostModel
{
    public const int EnergyFeatureCount = 10;
    public const int DelayFeatureCount = 8;

    /// <summary>
    /// The fit of one cell type and encoding: window energies and settled powers of drivers, cells and
    /// wires (three coefficient vectors each; no powers for pulse width), the array's and the
    /// read-out's delays after the inputs are applied, and the sizes and sample count it was fitted on.
    /// </summary>
    public sealed record Group(string Cell, string Encoding, double[][] WindowEnergy, double[][]? SettledPower,
        double[] ArrayDelay, double[] ReadDelay, int MinRows, int MaxRows, int MinCols, int MaxCols, int Samples);

    [JsonConstructor]
    public FittedTileCostModel(TileCostConfig @base, IReadOnlyList<Group> groups, string source)
    {
        Base = @base;
        Groups = groups;
        Source = source;
    }

    /// <summary>The config the fit was made with (technology, array settings other than size and cell, read-out, DAC).</summary>
    public TileCostConfig Base { get; }

    public IReadOnlyList<Group> Groups { get; }

    /// <summary>What the fit was made from (sweep folder, engine, sample count).</summary>
    public string Source { get; }

    /// <summary>Features of the energies and powers.</summary>
    public static double[] EnergyFeatures(int rows, int cols, double activity)
    {
        double r = Math.Log(rows), c = Math.Log(cols), a = Math.Log(Math.Max(activity, 1e-12));
        return [1, r, c, a, r * r, c * c, r * c, a * a, r * a, c * a];
    }

    /// <summary>Features of the delays.</summary>
    public static double[] DelayFeatures(int rows, int cols, double activity, int bits)
    {
        double r = Math.Log(rows), c = Math.Log(cols), a = Math.Log(Math.Max(activity, 1e-12));
        return [1, bits, r, c, a, a * a, r * a, c * a];
    }

    /// <summary>The input activity a fit uses for this encoding: E[x^2] (amplitude) or E[x] (pulse width).</summary>
    public static double Activity(string encoding, double meanLevel, double meanSquareLevel) =>
        string.Equals(encoding, "amplitude", StringComparison.OrdinalIgnoreCase) ? meanSquareLevel : meanLevel;


    /// <summary>The fit of a cell type and encoding.</summary>
    public Group For(string cell, string encoding) =>
        Groups.FirstOrDefault(x => string.Equals(x.Cell, cell, StringComparison.OrdinalIgnoreCase)
                                   && string.Equals(x.Encoding, encoding, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"the fitted cost model has no fit for cell {cell} with {encoding} inputs (it has: {string.Join(", ", Groups.Select(x => $"{x.Cell}/{x.Encoding}"))})");

    public MvmCost Mvm(TileCostConfig tile, InputStatistics inputs)
    {
        ArgumentNullException.ThrowIfNull(tile);
        tile.Validate();
        CheckBase(tile);
        return Predict(tile, inputs.MeanLevel, inputs.MeanSquareLevel, tile.Conv.Bits, tile.Conv.Kind);
    }

    /// <summary>The cost of a tile for inputs of the given means.</summary>
    public MvmCost Predict(TileCostConfig tile, double meanLevel, double meanSquareLevel, int bits, AdcKind kind)
    {
        double appliedAt = TileMvmTransient.AppliedAt(tile);
        var g = For(tile.Cell.Name, tile.In.Encoding);
        int m = tile.Arr.Rows, n = tile.Arr.Cols;
        double a = Activity(tile.In.Encoding, meanLevel, meanSquareLevel);
        var phi = EnergyFeatures(m, n, a);
        var psi = DelayFeatures(m, n, a, bits);
        double tArray = appliedAt + Math.Max(0, Dot(g.ArrayDelay, psi));
        double tRead = Math.Max(tArray, appliedAt + Math.Max(0, Dot(g.ReadDelay, psi)));
        var w = g.WindowEnergy.Select(theta => Math.Exp(Dot(theta, phi))).ToArray();
        double extra = 0;
        var p = new double[3];
        if (g.SettledPower is { } powers)
        {
            p = powers.Select(theta => Math.Exp(Dot(theta, phi))).ToArray();
            extra = Math.Max(0, tRead - TileMvmTransient.AmplitudeWindow(tile));
        }
        return MvmCostAssembly.Assemble(tile, bits, kind, w[0] + p[0] * extra, w[1] + p[1] * extra, w[2] + p[2] * extra, tArray, tRead);
    }

    /// <summary>Refuses a tile whose physics outside size, cell, encoding, ADC and accumulator differs from the fit's.</summary>
    public void CheckBase(TileCostConfig tile)
    {
        void Same(string field, object a, object b)
        {
            if (!Equals(a, b)) throw new InvalidInputException($"{field} is {a} but the fitted cost model was made with {b}; refit it (xbar cost sweep, xbar cost fit)");
        }
        Same("technology", tile.Tech, Base.Tech);
        Same("readout", tile.Read, Base.Read);
        Same("array.read_voltage_v", tile.Arr.ReadVoltageV, Base.Arr.ReadVoltageV);
        Same("array.driver_r_ohm", tile.Arr.DriverROhm, Base.Arr.DriverROhm);
        Same("array.rise_time_s", tile.Arr.RiseTimeS, Base.Arr.RiseTimeS);
        Same("array.access_r_ohm", tile.Arr.AccessROhm, Base.Arr.AccessROhm);
        Same("input.dac_bits", tile.In.DacBits, Base.In.DacBits);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static JsonSerializerOptions Json { get; } = new(TileCostConfig.Json) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static FittedTileCostModel Load(string path)
    {
        try
        {
            var model = JsonSerializer.Deserialize<FittedTileCostModel>(File.ReadAllText(path), Json)
                        ?? throw new InvalidInputException($"{path}: empty cost model");
            model.Base.Validate();
            foreach (var g in model.Groups)
                if (g.WindowEnergy.Length != 3 || g.WindowEnergy.Any(t => t.Length != EnergyFeatureCount)
                    || g.SettledPower is { } p && (p.Length != 3 || p.Any(t => t.Length != EnergyFeatureCount))
                    || g.ArrayDelay.Length != DelayFeatureCount || g.ReadDelay.Length != DelayFeatureCount)
                    throw new InvalidInputException($"{path}: group {g.Cell}/{g.Encoding} has coefficient vectors of the wrong length");
            return model;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a fitted cost model ({e.Message})");
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{path}: cannot read the cost model ({e.Message})");
        }
    }
}
