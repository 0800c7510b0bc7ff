using System.CommandLine;
using Xbar.Validation.ReadCircuits;
using Xbar.Validation.Studies;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar merge DIR...`: joins the output folders of a sharded sweep into one, byte-identical to a
/// single run's: an `xbar adc flash` sweep (summary.csv, point files, plots), an `xbar study` (nstates, scaling,
/// pca, hwa, s4d, resnet18; the last three also bring their trained models, calibrations or feature chunks) or
/// `xbar validate tile` (its CSV, PNG and Markdown), in --out (default: the first folder). A merge that lacks points of
/// the sweep is refused with what is missing (exit 2); `adc flash` folders can be merged anyway
/// with --partial, which says on stderr what is left out.
/// </summary>
public sealed class MergeCommand : ICliCommand
{
    public Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Shard output folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Merged output folder (default: the first folder)." };
        var partial = new Option<bool>("--partial") { Description = "adc flash: merge even when points of the sweep are missing (they are listed on stderr)." };
        var cmd = new Command("merge", "Join the shard folders of an `xbar adc flash` sweep, an `xbar study` or `xbar validate tile` into one result.");
        cmd.Arguments.Add(dirs);
        cmd.Options.Add(output);
        cmd.Options.Add(partial);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var inputs = parse.GetValue(dirs) ?? [];
            foreach (var dir in inputs)
                if (!Directory.Exists(dir)) throw new InvalidInputException($"{dir}: no such folder.");
            string target = parse.GetValue(output) ?? (inputs.Length > 0 ? inputs[0] : ".");
            if (inputs.Length > 0 && StudyMerge.StudyIn(inputs[0]) is { } study)
            {
                var (summary, files) = StudyMerge.Merge(inputs, target);
                stdout.WriteLine(summary);
                stdout.WriteLine($"Merged the {study} study from {inputs.Length} folder(s); wrote:");
                foreach (var f in files) stdout.WriteLine($"  {f}");
                return ExitCodes.Success;
            }
            var merged = ReadSweepMerge.Merge(inputs, target, parse.GetValue(partial));
            if (merged.Missing.Count > 0)
                stderr.WriteLine($"warning: partial merge: {merged.Missing.Count} point(s) of the sweep are missing: " +
                                 string.Join(", ", merged.Missing.Select(k => FormattableString.Invariant($"tmr={k.Tmr:R} states={k.States}"))));
            if (!merged.CompletenessKnown)
                stderr.WriteLine("warning: these folders predate the point list in run.json; the merge cannot tell whether every shard is there.");
            stdout.WriteLine($"Merged {merged.Points.Count} point(s) from {inputs.Length} folder(s) into {Path.Combine(Path.GetFullPath(target), ReadSweepStore.SummaryFile)}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
