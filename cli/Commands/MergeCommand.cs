using System.CommandLine;
using Spectre.Console;
using Xbar.Validation.ReadCircuits;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar merge DIR...`: joins the output folders of a sharded `xbar adc flash` sweep into one
/// summary.csv (identical to a single run's) plus point files and plots, in --out (default: the
/// first folder).
/// </summary>
public sealed class MergeCommand : ICliCommand
{
    public Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Shard output folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Merged output folder (default: the first folder)." };
        var cmd = new Command("merge", "Join the shard folders of an `xbar adc flash` sweep into one summary.");
        cmd.Arguments.Add(dirs);
        cmd.Options.Add(output);
        cmd.SetAction(parse =>
        {
            var inputs = parse.GetValue(dirs) ?? [];
            string target = parse.GetValue(output) ?? (inputs.Length > 0 ? inputs[0] : ".");
            var merged = ReadSweepMerge.Merge(inputs, target);
            AnsiConsole.MarkupLine($"Merged {merged.Count} point(s) from {inputs.Length} folder(s) into {Markup.Escape(Path.Combine(Path.GetFullPath(target), ReadSweepStore.SummaryFile))}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
