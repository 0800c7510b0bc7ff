using System.CommandLine;
using Xbar.Circuits.Cost;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar cost`: energy, latency and area of tile MVMs from circuit transients (`tile`), sweeps of
/// them over cell types, sizes, encodings, inputs and ADC bits (`sweep`, resumable, `--shard`,
/// `merge`), and the cost model fitted to a sweep with its residual (`fit`); with `--model`, a whole
/// network's cost per inference on the tiles of `xbar map` (<see cref="CostNetworkOptions"/>).
/// </summary>
public sealed class CostCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("cost", "Energy, latency and area: of a network per inference (--model), of tile MVMs from circuit transients, sweeps and the fitted cost model.");
        command.Subcommands.Add(CostTileSubcommand.Create());
        command.Subcommands.Add(CostSweepSubcommand.Create());
        command.Subcommands.Add(CostFitSubcommand.CreateFit());
        command.Subcommands.Add(CostFitSubcommand.CreateMerge());
        new CostNetworkOptions().AddTo(command);
        return command;
    }

    /// <summary>The base config: <paramref name="path"/> when given, else the defaults.</summary>
    internal static TileCostConfig LoadConfig(string? path) =>
        path is null ? new TileCostConfig().Validate() : TileCostConfig.Load(path);

    /// <summary>Creates an output folder or reports why it cannot be.</summary>
    internal static string OutputFolder(string dir)
    {
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidInputException($"--out {dir}: cannot create the folder ({e.Message}).");
        }
        return dir;
    }
}
