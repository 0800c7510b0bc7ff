using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Xbar.Circuits.Cost;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar cost tile`: one tile MVM as a circuit transient (nodal, or ngspice up to 64 x 64) or from
/// a fitted model: energy by part, latency and area, the flash and SAR ADC side by side, and with
/// --out: cost.json, and ERT.yaml / ART.yaml for Accelergy/CiMLoop.
/// </summary>
public static class CostTileSubcommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Cost config JSON (technology, array, input, readout, adc, digital; see docs/cost.md). Default: the built-in defaults." };
        var cell = new Option<string?>("--cell") { Description = "Cell type: mtj1, mtj2, rram, pcm (overrides the config)." };
        var rows = new Option<int?>("--rows") { Description = "Rows (word lines) of the tile (overrides the config)." };
        var cols = new Option<int?>("--cols") { Description = "Columns (bit lines) of the tile (overrides the config)." };
        var encoding = new Option<string?>("--encoding") { Description = "Input encoding: amplitude or pulse-width (overrides the config)." };
        var adc = new Option<string?>("--adc") { Description = "ADC type: flash or sar (overrides the config)." };
        var bits = new Option<int?>("--adc-bits") { Description = "ADC resolution (overrides the config)." };
        var inputs = new Option<string>("--inputs") { Description = "Input statistics: dense, sparse, sparse:DENSITY, full.", DefaultValueFactory = _ => "dense" };
        var seed = new Option<int>("--seed") { Description = "Seed of the programmed states and the input vector.", DefaultValueFactory = _ => 1 };
        var engine = new Option<string>("--engine") { Description = "nodal (transient, any size), ngspice (transient, up to 64x64) or fitted (needs --model).", DefaultValueFactory = _ => "nodal" };
        var model = new Option<string?>("--model") { Description = "Fitted cost model JSON (xbar cost fit) for --engine fitted." };
        var output = new Option<string?>("--out") { Description = "Folder for cost.json, ERT.yaml and ART.yaml." };
        var cmd = new Command("tile", "Energy, latency and area of one tile MVM from a circuit transient or the fitted model.");
        foreach (var o in new Option[] { config, cell, rows, cols, encoding, adc, bits, inputs, seed, engine, model, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var c = CostCommand.LoadConfig(parse.GetValue(config));
            c = (c with
            {
                Array = c.Arr with
                {
                    Cell = parse.GetValue(cell) ?? c.Arr.Cell,
                    Rows = parse.GetValue(rows) ?? c.Arr.Rows,
                    Cols = parse.GetValue(cols) ?? c.Arr.Cols,
                },
                Input = c.In with { Encoding = parse.GetValue(encoding) ?? c.In.Encoding },
                Adc = c.Conv with { Type = parse.GetValue(adc) ?? c.Conv.Type, Bits = parse.GetValue(bits) ?? c.Conv.Bits },
            }).Validate();
            var stats = InputStatistics.Parse(parse.GetValue(inputs)!);
            int s = parse.GetValue(seed);
            string e = parse.GetValue(engine)!.ToLowerInvariant();
            try
            {
                return Execute(c, stats, s, e, parse.GetValue(model), parse.GetValue(output));
            }
            catch (ReadSimulationException ex)
            {
                Console.Error.WriteLine($"Simulation failed: {ex.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return cmd;
    }

    private static int Execute(TileCostConfig c, InputStatistics stats, int seed, string engine, string? modelPath, string? output)
    {
        MvmCost cost;
        MvmCost? other = null;
        var otherKind = c.Conv.Kind == AdcKind.Flash ? AdcKind.Sar : AdcKind.Flash;
        string source;
        switch (engine)
        {
            case "nodal":
            case "ngspice":
            {
                if (engine == "ngspice" && Math.Max(c.Arr.Rows, c.Arr.Cols) > Xbar.Validation.Cost.CostSweepSpec.MaxNgspiceSize)
                    throw new InvalidInputException($"--engine ngspice: a {c.Arr.Rows}x{c.Arr.Cols} transient takes too long in ngspice (up to {Xbar.Validation.Cost.CostSweepSpec.MaxNgspiceSize}x{Xbar.Validation.Cost.CostSweepSpec.MaxNgspiceSize}); use --engine nodal");
                using var runner = engine == "ngspice" ? new EngineTransientRunner(1, TimeSpan.FromMinutes(20)) : null;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var t = TileMvmTransient.Simulate(c, stats, seed, runner);
                cost = t.Cost();
                other = t.Cost(c.Conv.Bits, otherKind);
                source = FormattableString.Invariant($"{engine} transient, {t.Result.Time.Length} time points in {clock.Elapsed.TotalSeconds:F1} s, seed {seed}; energy balance error {Math.Abs(t.Result.Energy.BalanceError / t.Result.Energy.Source):E1} of the sources'");
                break;
            }
            case "fitted":
            {
                if (modelPath is null) throw new InvalidInputException("--engine fitted needs --model FILE (written by xbar cost fit)");
                var m = FittedTileCostModel.Load(modelPath);
                cost = m.Mvm(c, stats);
                other = m.Mvm(c with { Adc = c.Conv with { Type = otherKind.ToString().ToLowerInvariant() } }, stats);
                source = $"fitted model {modelPath} ({m.Source})";
                break;
            }
            default:
                throw new InvalidInputException($"--engine must be nodal, ngspice or fitted (got \"{engine}\")");
        }
        var area = TileAreaModel.Of(c);
        var otherArea = TileAreaModel.Of(c, c.Conv.Bits, otherKind);
        string title = FormattableString.Invariant(
            $"{c.Cell.Name} {c.Arr.Rows}x{c.Arr.Cols}, {c.In.Encoding} inputs ({stats.Name}), {c.Conv.Bits}-bit {c.Conv.Type} ADC, {c.Tech.FeatureSizeNm:0.#} nm");
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(source)}[/]");
        var table = new Table().AddColumns("part", "energy (pJ)", "area (um^2)");
        var areas = area.Parts.ToDictionary(p => p.Part, p => p.SquareMeters);
        foreach (var (part, joules) in cost.Energy.Parts)
            table.AddRow(part, F(joules * 1e12, "0.000"), areas.TryGetValue(part, out double a) ? F(a * 1e12, "0.0") : (part == "wires" ? "(under cells)" : "-"));
        table.AddRow("[bold]total[/]", F(cost.Energy.Total * 1e12, "0.000"), F(area.Total * 1e12, "0.0"));
        AnsiConsole.Write(table);
        var l = cost.Latency;
        AnsiConsole.MarkupLine(FormattableString.Invariant(
            $"latency {l.Total * 1e9:0.000} ns = array {l.Array * 1e9:0.000} + read-out {l.Readout * 1e9:0.000} + conversion {l.Conversion * 1e9:0.000} ns; EDP {cost.EnergyDelay * 1e21:0.###} pJ ns"));
        AnsiConsole.MarkupLine(FormattableString.Invariant(
            $"[grey]{c.Conv.Bits}-bit {otherKind.ToString().ToLowerInvariant()} ADC instead: energy {other.Energy.Total * 1e12:0.000} pJ, latency {other.Latency.Total * 1e9:0.000} ns, area {otherArea.Total * 1e12:0.0} um^2 (ADC {other.Energy.Adc * 1e12:0.000} pJ, {otherArea.Adc * 1e12:0.0} um^2).[/]"));
        if (output is not null)
        {
            CostCommand.OutputFolder(output);
            string description = $"{title}\nsource: xbar cost tile, {source}";
            var (ert, art) = AccelergyExport.Write(output, "xbar_tile", c, cost, area, description);
            File.WriteAllText(Path.Combine(output, "cost.json"), JsonSerializer.Serialize(new
            {
                config = JsonDocument.Parse(c.ToJson()).RootElement,
                inputs = stats.Name,
                source,
                energy_j = cost.Energy.Parts.ToDictionary(p => p.Part, p => p.Joules),
                energy_total_j = cost.Energy.Total,
                latency_s = new { array = l.Array, readout = l.Readout, conversion = l.Conversion, total = l.Total },
                area_m2 = area.Parts.ToDictionary(p => p.Part, p => p.SquareMeters),
                area_total_m2 = area.Total,
                edp_js = cost.EnergyDelay,
            }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(Path.Combine(output, "cost.json"))}, {Markup.Escape(ert)}, {Markup.Escape(art)}[/]");
        }
        return ExitCodes.Success;
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
