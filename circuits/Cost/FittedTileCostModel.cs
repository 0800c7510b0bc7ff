using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Circuits.Cost;

/// <summary>
/// The tile cost as fitted functions, so a network needs no transient per MVM. Per cell type and
/// input encoding, five quantities measured in transients are fitted as
/// <code>
///   ln y = theta . phi(R, C, a, b),   phi = [1, ln R, ln C, ln a, b, ln^2 R, ln^2 C, ln R ln C, b ln R, b ln C, b^2]
/// </code>
/// (R rows, C columns, a the input activity: E[x^2] for amplitude, E[x] for pulse width; b the ADC
/// bits): the energy dissipated in the drivers' output resistance, in the cells and in the wires
/// (with the lines' stored energy), the array's settling time and the read time (array plus
/// read-out). Everything else follows from the same figures as the transient cost
/// (<see cref="TileMvmTransient.Cost(int, AdcKind)"/>): DAC power over the read time, TIA power over the
/// read time, ADC and shift-and-add energies, conversion time. The fit holds for the technology,
/// read voltage, driver, read-out and DAC settings it was made with (<see cref="Base"/>);
/// <see cref="Mvm"/> refuses a config that differs there.
/// </summary>
public sealed class FittedTileCostModel : ITileCostModel
{
    /// <summary>The fitted quantities, in the order of <see cref="Group.Coefficients"/>.</summary>
    public static readonly IReadOnlyList<string> Targets = ["e_drivers_array", "e_cells", "e_wires", "t_array", "t_read"];

    public const int FeatureCount = 11;

    /// <summary>The fit of one cell type and encoding: one coefficient vector per target, and the ranges it was fitted on.</summary>
    public sealed record Group(string Cell, string Encoding, double[][] Coefficients, int MinRows, int MaxRows, int MinCols, int MaxCols, int Samples);

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

    /// <summary>The features phi(R, C, a, b).</summary>
    public static double[] Features(int rows, int cols, double activity, int bits)
    {
        double r = Math.Log(rows), c = Math.Log(cols), a = Math.Log(Math.Max(activity, 1e-12));
        return [1, r, c, a, bits, r * r, c * c, r * c, bits * r, bits * c, (double)bits * bits];
    }

    /// <summary>The input activity a fit uses for this encoding: E[x^2] (amplitude) or E[x] (pulse width).</summary>
    public static double Activity(string encoding, double meanLevel, double meanSquareLevel) =>
        string.Equals(encoding, "amplitude", StringComparison.OrdinalIgnoreCase) ? meanSquareLevel : meanLevel;

    /// <summary>The five fitted quantities (J, J, J, s, s) for a tile and inputs.</summary>
    public double[] Predict(string cell, string encoding, int rows, int cols, double activity, int bits)
    {
        var g = Groups.FirstOrDefault(x => string.Equals(x.Cell, cell, StringComparison.OrdinalIgnoreCase)
                                           && string.Equals(x.Encoding, encoding, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException($"the fitted cost model has no fit for cell {cell} with {encoding} inputs (it has: {string.Join(", ", Groups.Select(x => $"{x.Cell}/{x.Encoding}"))})");
        var phi = Features(rows, cols, activity, bits);
        return g.Coefficients.Select(theta => Math.Exp(theta.Zip(phi, (t, f) => t * f).Sum())).ToArray();
    }

    public MvmCost Mvm(TileCostConfig tile, InputStatistics inputs)
    {
        ArgumentNullException.ThrowIfNull(tile);
        tile.Validate();
        CheckBase(tile);
        var y = Predict(tile.Cell.Name, tile.In.Encoding, tile.Arr.Rows, tile.Arr.Cols,
            Activity(tile.In.Encoding, inputs.MeanLevel, inputs.MeanSquareLevel), tile.Conv.Bits);
        return MvmCostAssembly.Assemble(tile, tile.Conv.Bits, tile.Conv.Kind, y[0], y[1], y[2], y[3], y[4]);
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
                if (g.Coefficients.Length != Targets.Count || g.Coefficients.Any(t => t.Length != FeatureCount))
                    throw new InvalidInputException($"{path}: group {g.Cell}/{g.Encoding} needs {Targets.Count} coefficient vectors of {FeatureCount}");
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
