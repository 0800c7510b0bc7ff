using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// Trained models of the S4D study, kept in OUT/models: NAME.json (the model file) and NAME.key (the
/// training fingerprint: architecture, options, data hash, starting weights). A model whose key
/// matches is loaded, not retrained; a training run checkpoints into NAME-KEY.ckpt and a killed
/// study resumes it to the same bits (<see cref="NetworkTrainer{T}"/>).
/// </summary>
/// <param name="directory">The models folder (OUT/models, or one that shards share).</param>
/// <param name="mayTrain">False for a merge: a model that is not in the folder is refused instead of trained.</param>
internal sealed class S4dModelStore(string directory, Action<string> log, bool mayTrain = true)
{
    private readonly string _dir = System.IO.Directory.CreateDirectory(directory).FullName;

    public string Directory => _dir;

    /// <summary>The model NAME trained from <paramref name="network"/> (its starting weights) on <paramref name="train"/>, from the store when its key matches.</summary>
    public (Network<double> Network, string Key) TrainOrLoad(string name, Network<double> network, LabeledImages train, NetworkTrainingOptions options)
    {
        string key = NetworkTrainer<double>.Fingerprint(network, train, options);
        string path = Path.Combine(_dir, name + ".json"), keyPath = Path.Combine(_dir, name + ".key");
        if (File.Exists(path) && File.Exists(keyPath) && File.ReadAllText(keyPath).Trim() == key)
        {
            log($"{name}: trained model found ({path})");
            return (NetworkFile.Load<double>(path), key);
        }
        if (!mayTrain) throw new InvalidInputException($"merge: {path}: the model {name} (training key {key[..8]}) is in none of the shard folders (nor their shared models folder).");
        string checkpoint = Path.Combine(_dir, $"{name}-{key}.ckpt");
        log($"{name}: training {options.Epochs} epochs on {train.Count} sequences{(File.Exists(checkpoint) ? " (resuming)" : "")}");
        var result = NetworkTrainer<double>.Train(network, train, options, new CheckpointOptions(checkpoint, EverySteps: 200), new EpochLog(name, log));
        var last = result.History[^1];
        NetworkFile.Save(path, network, $"S4D study model {name}", new Dictionary<string, object>
        {
            ["key"] = key, ["epochs"] = options.Epochs, ["final_train_loss"] = last.Loss, ["final_train_accuracy"] = last.TrainAccuracy,
            ["seconds"] = result.History.Sum(h => h.Seconds),
        });
        File.WriteAllText(keyPath, key + "\n");
        File.Delete(checkpoint);
        return (network, key);
    }

    /// <summary>The training time recorded in model NAME's file (training.seconds), 0 when it has none.</summary>
    public double Seconds(string name)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, name + ".json")));
        foreach (var section in json.RootElement.EnumerateObject().Where(p => p.NameEquals("training") || p.NameEquals("Training")))
            foreach (var item in section.Value.EnumerateObject())
                if (item.NameEquals("seconds") && item.Value.TryGetDouble(out double seconds)) return seconds;
        return 0;
    }

    /// <summary>One log line per finished epoch.</summary>
    private sealed class EpochLog(string name, Action<string> log) : IProgress<TrainingStatus>
    {
        public void Report(TrainingStatus s)
        {
            long perEpoch = s.TotalSteps / s.Epochs;
            if (s.Step % perEpoch == 0) log($"{name}: epoch {s.Epoch}/{s.Epochs}, loss {s.Loss:F4}, train accuracy {s.Accuracy:P2}");
        }
    }
}
