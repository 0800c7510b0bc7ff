using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Validation.Demo;

/// <summary>
/// The demo's cache under OUT/cache: the trained model (reused when every training setting matches)
/// and tile calibrations (one file per physics hash, seed and sample count). A damaged or mismatched
/// cache entry is redone, never reported as the user's error.
/// </summary>
internal static class DemoCache
{
    public static (Classifier, bool) TrainOrLoad(DemoOptions options, DataSplit split, string cacheDir, IProgress<double> progress)
    {
        string modelPath = Path.Combine(cacheDir, "mnist-mlp.json");
        string keyPath = Path.Combine(cacheDir, "mnist-mlp.key");
        string key = options.ModelKey(split.Description);
        if (!options.Retrain && File.Exists(modelPath) && File.Exists(keyPath) && File.ReadAllText(keyPath).Trim() == key)
        {
            try
            {
                return (ClassifierFile.Load(modelPath), true);
            }
            catch (InvalidInputException)
            {
                // A damaged cache is retrained, not reported as the user's error.
            }
        }
        var training = new TrainingOptions(epochs: options.Epochs, learningRate: options.LearningRate, seed: options.Seed);
        var classifier = Classifier.Train(split, options.PcaComponents, options.Hidden, training, progress);
        ClassifierFile.Save(modelPath, classifier);
        File.WriteAllText(keyPath, key + "\n");
        return (classifier, false);
    }

    public static (TileCalibration, bool) CalibrateOrLoad(DemoOptions options, TileConfig config, string cacheDir, IProgress<double> progress)
    {
        string path = Path.Combine(cacheDir, string.Create(CultureInfo.InvariantCulture,
            $"calibration-{config.PhysicsHash}-seed{options.Seed}-samples{options.CalibrationSamples}.json"));
        if (!options.Retrain && File.Exists(path))
        {
            try
            {
                var cached = TileCalibration.Load(path);
                cached.EnsureMatches(config);
                return (cached, true);
            }
            catch (InvalidInputException)
            {
                // Recalibrate below.
            }
        }
        var calibOptions = new CalibrationOptions(Samples: options.CalibrationSamples, Seed: options.Seed);
        int matrices = Math.Max(2, (int)Math.Ceiling(calibOptions.Samples / (double)calibOptions.InputsPerWeight));
        int done = 0;
        var calibration = TileCalibrator.Calibrate(config, new NodalTruth(), calibOptions, msg =>
        {
            if (msg.StartsWith("circuit solves", StringComparison.Ordinal)) progress.Report(0.5 * ++done / matrices);
        });
        progress.Report(1.0);
        calibration.Save(path);
        return (calibration, false);
    }
}
