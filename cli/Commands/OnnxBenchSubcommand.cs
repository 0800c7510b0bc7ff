using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench onnx`: the float executor against ONNX Runtime on the same model, in the same process.</summary>
public sealed class OnnxBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "ONNX model (default: ResNet-18 224x224 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, restored by the build)." };
        var images = new Option<int>("--images") { Description = "Images timed in each runtime.", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Images per call of the float executor.", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds (ORT and the executor alternating); the fastest of each counts.", DefaultValueFactory = _ => 3 };
        var command = new Command("onnx", "Float executor (float64, and with float32 products as ORT's) vs ONNX Runtime on the same model and images (goal: within 3x of ORT's time).");
        foreach (var o in new Option[] { model, images, batch, rounds }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var r = new OnnxFloatBenchmark { Images = parse.GetValue(images), Batch = parse.GetValue(batch), Rounds = parse.GetValue(rounds) }
                .Run(parse.GetValue(model) ?? Xbar.Validation.Networks.ResNet18Files.Model, s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("runtime", "images", "wall (s)", "cpu (s)", "images/s");
            table.AddRow("ONNX Runtime 1.31.1 (float32, 1 image per call)", r.Images.ToString(CultureInfo.InvariantCulture), F(r.OrtSeconds, "F3"), F(r.OrtCpuSeconds, "F2"), F(r.Images / r.OrtSeconds, "F2"));
            table.AddRow($"Xbar float executor (float64, batch {r.Batch})", r.Images.ToString(CultureInfo.InvariantCulture), F(r.OursSeconds, "F3"), F(r.OursCpuSeconds, "F2"), F(r.Images / r.OursSeconds, "F2"));
            table.AddRow($"Xbar float executor (float32 products, batch {r.Batch})", r.Images.ToString(CultureInfo.InvariantCulture), F(r.Single.Seconds, "F3"), F(r.Single.CpuSeconds, "F2"), F(r.Images / r.Single.Seconds, "F2"));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Time ratio Xbar / ORT: [bold]{F(r.SingleRatio, "F2")}[/] with float32 products as ORT's (goal <= 3), {F(r.Ratio, "F2")} in float64; " +
                $"processor time ratio {F(r.SingleCpuRatio, "F2")} with float32 products; " +
                $"max relative difference of the outputs {F(r.Single.MaxRelativeDifference, "E2")} and {F(r.MaxRelativeDifference, "E2")}; cores: {Environment.ProcessorCount}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
