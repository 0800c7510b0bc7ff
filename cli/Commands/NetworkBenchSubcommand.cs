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
        var pca = new Option<int>("--pca") { Description = "Project the images on K principal components first (dense, signed inputs: no all-zero input blocks to skip); 0 = raw pixels. The projection is not timed.", DefaultValueFactory = _ => 0 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden ReLU neurons.", DefaultValueFactory = _ => 64 };
        var command = new Command("network", "Images per second through an MLP (784-64-10 by default) on behavioral tiles with all non-idealities on (the project's goal, our target: 10,000 images in 2 s).");
        foreach (var o in new Option[] { data, images, sizes, pca, hidden }) command.Options.Add(o);
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
            int k = parse.GetValue(pca), h = parse.GetValue(hidden);
            if (k < 0 || k > workload.FeatureCount) throw new InvalidInputException($"--pca must be 0..{workload.FeatureCount} (got {k})");
            if (h < 1) throw new InvalidInputException($"--hidden must be at least 1 (got {h})");
            if (k > 0) workload = Xbar.Behavioral.Training.Pca.Fit(split.Train, k).Transform(workload);
            AnsiConsole.MarkupLine($"Workload: {workload.Count} images of {Markup.Escape(split.Description)}{(k > 0 ? $", projected on {k} principal components (fitted on the training split)" : "")}; " +
                                   $"network {workload.FeatureCount}-{h}-10; cores: {Environment.ProcessorCount}.");
            var rows = new NetworkThroughputBenchmark { TileSizes = tileSizes, Hidden = h }.Run(workload, s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
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
