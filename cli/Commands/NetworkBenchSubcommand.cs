using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Data;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench network`: images per second through behavioral tiles, against software float in the same process.</summary>
public sealed class NetworkBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "IDX data set folder (default: the shipped 10,000 MNIST digits; all of its images are used)." };
        var images = new Option<int>("--images") { Description = "How many images to push through.", DefaultValueFactory = _ => 10_000 };
        var sizes = new Option<int[]>("--tile-sizes") { Description = "Tile sizes in weights (N x N).", DefaultValueFactory = _ => [4, 256], AllowMultipleArgumentsPerToken = true };
        var command = new Command("network", "Images per second through a 784-64-10 MLP on behavioral tiles with all non-idealities on (issue 5 goal: 10,000 images in 2 s).");
        command.Options.Add(data);
        command.Options.Add(images);
        command.Options.Add(sizes);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(images);
            var tileSizes = parse.GetValue(sizes) ?? [4, 256];
            if (n < 1) throw new InvalidInputException($"--images must be at least 1 (got {n})");
            if (tileSizes.Length == 0 || tileSizes.Any(s => s < 1 || s > 512))
                throw new InvalidInputException("--tile-sizes: each size must be between 1 and 512");
            var split = DatasetLoader.Load(parse.GetValue(data)?.FullName);
            var all = Concat(split.Train, split.Test);
            var workload = all.Slice(0, Math.Min(n, all.Count));
            AnsiConsole.MarkupLine($"Workload: {workload.Count} images of {Markup.Escape(split.Description)}; cores: {Environment.ProcessorCount}.");
            var rows = new NetworkThroughputBenchmark { TileSizes = tileSizes }.Run(workload, s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var table = new Table().AddColumns("mode", "tiles", "program (s)", "inference (s)", "cpu (s)", "images/s", "x float time");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Mode), r.TileCount.ToString(CultureInfo.InvariantCulture),
                    r.ProgramSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.InferenceSeconds.ToString("F3", CultureInfo.InvariantCulture),
                    r.InferenceCpuSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                    r.SlowdownVsFloat.ToString("F1", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[grey]cpu (s): processor time of this process during inference, all threads (wall time above includes waiting for other processes on a shared machine).[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static LabeledImages Concat(LabeledImages a, LabeledImages b)
    {
        var features = new double[a.Features.Length + b.Features.Length];
        a.Features.CopyTo(features, 0);
        b.Features.CopyTo(features, a.Features.Length);
        return new LabeledImages(features, a.FeatureCount, [.. a.Labels, .. b.Labels]);
    }
}
