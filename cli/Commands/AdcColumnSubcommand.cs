using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Xbar.Behavioral.Config;
using Xbar.Circuits.Engines;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.ReadCircuits;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar adc column`: measures in ngspice the trip points of the behavioral tile's output converter
/// (TIA + b-bit flash ADC on a column-pair current, seeded comparator offsets and ladder mismatch)
/// and writes them as the tile's <c>output.flash</c> JSON (<see cref="ColumnAdcCharacterization"/>).
/// Registered by <see cref="AdcCommand"/>.
/// </summary>
public static class AdcColumnSubcommand
{
    public const string ThresholdsFile = "column_adc_thresholds.json";
    public const string TripsFile = "column_adc_trips.csv";

    public static Command Create()
    {
        var bits = new Option<int>("--bits") { Description = "ADC resolution b (1..8): 2^b - 1 comparators.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the comparator offset and ladder mismatch draws.", DefaultValueFactory = _ => 1 };
        var preset = new Option<string>("--preset") { Description = "Tile preset whose column current sets the full scale.", DefaultValueFactory = _ => "mtj4" };
        var rows = new Option<int>("--rows") { Description = "Tile rows (the full scale is rows x V_read x conductance window); default 4 as in the demo.", DefaultValueFactory = _ => 4 };
        var offset = new Option<double>("--offset-mv") { Description = "Comparator offset sigma (mV).", DefaultValueFactory = _ => 1.0 };
        var mismatch = new Option<double>("--mismatch-pct") { Description = "Ladder segment mismatch sigma (%).", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var cmd = new Command("column", "Measure the tile's column ADC (TIA + flash) trip points in ngspice and export them for the behavioral tile.");
        foreach (var o in new Option[] { bits, seed, preset, rows, offset, mismatch, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                int b = parse.GetValue(bits);
                FlashAdcDesign.ValidateBits(b);
                int r = parse.GetValue(rows);
                if (r < 1) throw new InvalidInputException($"--rows must be >= 1, got {r}.");
                double os = parse.GetValue(offset), mm = parse.GetValue(mismatch);
                if (!(os >= 0) || !(mm >= 0)) throw new InvalidInputException("--offset-mv and --mismatch-pct must be >= 0.");
                var p = TilePresets.Get(parse.GetValue(preset)!);
                var config = p with { Array = p.Array with { Rows = r } };
                string dir = parse.GetValue(output)!;
                try { Directory.CreateDirectory(dir); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new InvalidInputException($"--out {dir}: cannot create the folder ({e.Message}).");
                }
                int s = parse.GetValue(seed);
                var result = ColumnAdcCharacterization.Characterize(b, ColumnAdcCharacterization.FullScaleCurrent(config), s,
                    new ReadVariability(comparatorOffsetSigma: os * 1e-3, ladderMismatchSigma: mm / 100));
                string json = Path.Combine(dir, ThresholdsFile);
                ColumnAdcCharacterization.Save(json, result.Thresholds);
                var csv = new StringBuilder("comparator,nominal_a,measured_a,offset_a,offset_lsb\n");
                for (int k = 0; k < result.MeasuredTrips.Length; k++)
                {
                    double nominal = result.Thresholds.Thresholds[k], off = result.MeasuredTrips[k] - nominal;
                    csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{k},{nominal:R},{result.MeasuredTrips[k]:R},{off:R},{off / result.LsbAmps:F4}"));
                }
                File.WriteAllText(Path.Combine(dir, TripsFile), csv.ToString());
                AnsiConsole.MarkupLine(Markup.Escape(ColumnAdcCharacterization.Describe(result, b, s)));
                AnsiConsole.MarkupLine($"[grey]thresholds: {Markup.Escape(json)}[/]");
                return ExitCodes.Success;
            }
            catch (SimulationException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"Simulation failed: {e.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return cmd;
    }
}
