using System.CommandLine;
using System.Globalization;
using NWaves.Audio;
using NWaves.Signals;
using Spectre.Console;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Data.Speech;

namespace Xbar.Cli.Commands;

/// <summary>
/// <c>xbar data</c>: builds and inspects the data sets the sequence models use: <c>digits</c> (the
/// synthetic spoken digits, built on first use into the cache) and <c>fashion-mnist</c> (sequential
/// Fashion-MNIST, row by row).
/// </summary>
public sealed class DataCommand : ICliCommand
{
    public Command Create()
    {
        var data = new Command("data", "Build and inspect data sets: synthetic spoken digits, sequential Fashion-MNIST.");
        data.Subcommands.Add(Digits());
        data.Subcommands.Add(FashionMnist());
        return data;
    }

    private static Command Digits()
    {
        var cache = new Option<string?>("--cache") { Description = "Cache root (default $XDG_CACHE_HOME/xbar or ~/.cache/xbar); the set goes to ROOT/spoken-digits/KEY." };
        var seed = new Option<int>("--seed") { Description = "Seed of every draw (speakers, split, utterances).", DefaultValueFactory = _ => 1 };
        var repetitions = new Option<int>("--repetitions") { Description = "Utterances per speaker and word.", DefaultValueFactory = _ => 4 };
        var speakers = new Option<int?>("--speakers") { Description = "Use at most this many speakers (default: every distinct espeak-ng variant)." };
        var rebuild = new Option<bool>("--rebuild") { Description = "Build anew even if the cache holds this set." };
        var output = new Option<string?>("--out") { Description = "Write summary.md, speakers.csv and example WAVs here." };
        var examples = new Option<int>("--examples") { Description = "Example WAVs written to --out (the first test utterances, synthesized again).", DefaultValueFactory = _ => 4 };
        var command = new Command("digits",
            "Synthetic spoken digits (English zero..nine, German null..neun; espeak-ng voices, sox tempo and noise, NWaves log-mel): build into the cache on first use and print what it holds.");
        foreach (var o in new Option[] { cache, seed, repetitions, speakers, rebuild, output, examples }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = new SpokenDigitsConfig(Seed: parse.GetValue(seed), Repetitions: parse.GetValue(repetitions), MaxSpeakers: parse.GetValue(speakers)).Validate();
            if (parse.GetValue(examples) < 0) throw new InvalidInputException($"--examples must be non-negative (got {parse.GetValue(examples)})");
            SpokenDigitSet set = null!;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("synthesizing utterances", maxValue: 1);
                set = SpokenDigits.Load(config, parse.GetValue(cache), parse.GetValue(rebuild),
                    new Progress<(int Done, int Total)>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
            });
            PrintTable(set);
            if (parse.GetValue(output) is { } dir) WriteSummary(set, dir, parse.GetValue(examples));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintTable(SpokenDigitSet set)
    {
        var s = SpokenDigitStatistics.Of(set);
        string F(double v, string f = "F2") => v.ToString(f, CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("quantity", "value");
        table.AddRow("utterances (train / test)", $"{s.Utterances} ({s.TrainUtterances} / {s.TestUtterances})");
        table.AddRow("speakers (train / test, disjoint)", $"{s.Speakers} ({s.TrainSpeakers} / {s.TestSpeakers}), {s.FemaleSpeakers} female");
        table.AddRow("English accents", Markup.Escape(string.Join(", ", s.EnglishAccents)));
        table.AddRow("word length mean / max", $"{F(s.MeanSpeechSeconds)} s / {F(s.MaxSpeechSeconds)} s ({s.Truncated} cut)");
        table.AddRow("mean SNR", $"{F(s.MeanSnrDb, "F1")} dB");
        table.AddRow("features", $"{s.Frames} frames x {s.Channels} log-mel channels");
        table.AddRow("build time", $"{F(s.BuildSeconds, "F1")} s{(set.BuiltNow ? "" : " (loaded from cache)")}");
        table.AddRow("folder", Markup.Escape(set.Directory));
        AnsiConsole.Write(table);
    }

    private static void WriteSummary(SpokenDigitSet set, string dir, int examples)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "summary.md"), SpokenDigitStatistics.Markdown(set));
        using (var csv = new StreamWriter(Path.Combine(dir, "speakers.csv")))
        {
            csv.WriteLine("name,gender,english_voice,german_voice,rate_wpm,pitch,split");
            foreach (var s in set.Manifest.Speakers)
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name},{s.Gender},{s.EnglishVoice},{s.GermanVoice},{s.RateWpm},{s.Pitch},{(s.Test ? "test" : "train")}"));
        }
        var m = set.Manifest;
        var (espeak, sox) = SpokenDigits.DefaultTools();
        var synth = new SpokenDigitSynthesizer(m.Config, espeak, sox);
        foreach (var u in m.Utterances.Where(u => m.Speakers[u.Speaker].Test).Take(examples))
        {
            var speaker = m.Speakers[u.Speaker];
            var (audio, _) = synth.Synthesize(speaker, u);
            var name = $"{speaker.Name}-{SpokenDigits.Words[u.Label]}-{u.Repetition}.wav";
            using var file = File.Create(Path.Combine(dir, name));
            new WaveFile(new DiscreteSignal(m.Config.FeatureConfig.SampleRate, audio), 16).SaveTo(file);
        }
        Console.Error.WriteLine($"summary.md, speakers.csv and {Math.Min(examples, set.Split.Test.Count)} example WAV(s) -> {dir}");
    }

    private static Command FashionMnist()
    {
        var dirOption = new Option<string?>("--dir") { Description = $"Folder of the four IDX files (default {SequentialImages.FashionMnistDirectory})." };
        var command = new Command("fashion-mnist", "Sequential Fashion-MNIST (28 steps of 28 pixels, row by row): load and print its shape.");
        command.Options.Add(dirOption);
        command.SetAction(parse =>
        {
            var split = SequentialImages.FashionMnist(parse.GetValue(dirOption));
            var table = new Table().AddColumns("part", "sequences", "steps", "values per step", "classes");
            table.AddRow("train", split.Train.Count.ToString(CultureInfo.InvariantCulture), split.Train.Steps.ToString(CultureInfo.InvariantCulture),
                split.Train.Channels.ToString(CultureInfo.InvariantCulture), split.Train.ClassNames.Count.ToString(CultureInfo.InvariantCulture));
            table.AddRow("test", split.Test.Count.ToString(CultureInfo.InvariantCulture), split.Test.Steps.ToString(CultureInfo.InvariantCulture),
                split.Test.Channels.ToString(CultureInfo.InvariantCulture), split.Test.ClassNames.Count.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            Console.WriteLine(split.Description);
            return ExitCodes.Success;
        });
        return command;
    }
}
