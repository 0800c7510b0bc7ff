using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Optimization;

/// <summary>
/// Mini-batch training of a <see cref="Network{T}"/> with softmax cross-entropy: per step, assemble
/// a (shuffled, optionally augmented) batch, forward in training mode with the step's noise, backward,
/// one optimizer update at the schedule's rate. The same seed, options, data and BLAS thread count
/// give bit-identical weights: all loops that sum run in a fixed order, every random draw comes from
/// (seed, epoch or step), and OpenBLAS sums each output of a GEMM in one thread. With a
/// <see cref="CheckpointOptions"/> the state is saved every few steps and at every epoch end, and a
/// run finds its checkpoint and continues from it, to the same bits as if never stopped.
/// </summary>
public static class NetworkTrainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Trains <paramref name="network"/> (already initialized) on <paramref name="train"/>.</summary>
    /// <param name="test">Evaluated at every epoch end when given (reported, never used to choose anything).</param>
    /// <param name="analog">The forward product of the weight layers (hardware-in-the-loop); null = ideal.</param>
    public static TrainingResult Train(Network<T> network, LabeledImages train, NetworkTrainingOptions options,
        CheckpointOptions? checkpoint = null, IProgress<TrainingStatus>? progress = null, LabeledImages? test = null, IAnalogForward? analog = null)
    {
        options.Validate();
        checkpoint?.Validate();
        var batcher = new ImageBatcher(train, network.InputShape);
        if (train.ClassCount > network.Classes)
            throw new InvalidInputException($"data: labels go up to {train.ClassCount - 1} but the network has {network.Classes} outputs");
        int stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        long total = (long)stepsPerEpoch * options.Epochs;
        var schedule = new LearningRateSchedule(options.Schedule, options.LearningRate, total, (long)Math.Round(options.WarmupEpochs * stepsPerEpoch));
        var optimizer = Optimizer<T>.Create(options.Optimizer, network.Parameters, options.Momentum, options.WeightDecay);

        var history = new List<EpochRecord>();
        long start = 0;
        double lossSum = 0, epochSeconds = 0;
        int correct = 0, seen = 0;
        string fingerprint = Fingerprint(network, train, options);
        if (checkpoint is not null && File.Exists(checkpoint.Path))
        {
            var h = TrainingCheckpoint.Load(checkpoint.Path, fingerprint, network, optimizer);
            (start, lossSum, correct, seen, epochSeconds) = (h.Step, h.EpochLossSum, h.EpochCorrect, h.EpochSeen, h.EpochSeconds);
            history.AddRange(h.History);
        }

        int[] order = [];
        int orderEpoch = -1;
        var clock = Stopwatch.StartNew();
        var gradient = Array.Empty<T>();
        for (long step = start; step < total; step++)
        {
            int epoch = (int)(step / stepsPerEpoch), b = (int)(step % stepsPerEpoch);
            if (epoch != orderEpoch) { order = batcher.Order(options.Seed, epoch); orderEpoch = epoch; }
            var indices = order.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, train.Count - b * options.BatchSize));
            var (x, labels) = batcher.Assemble<T>(indices, options.Augment, options.Seed, step);
            int n = indices.Length;

            foreach (var p in network.Parameters) p.ZeroGradient();
            var logits = network.Forward(x, n, LayerContext.ForTraining(step, options.Seed, options.Noise, analog, options.AnalogGradient));
            if (gradient.Length != logits.Length) gradient = new T[logits.Length];
            var (loss, right) = SoftmaxCrossEntropy.Evaluate<T>(logits, labels, n, network.Classes, gradient);
            if (!double.IsFinite(loss))
                throw new InvalidInputException($"training diverged at step {step + 1} (loss {loss}); lower --lr or the noise");
            network.Backward(gradient, n);
            double rate = schedule.Rate(step);
            optimizer.Step(rate);

            lossSum += loss * n; correct += right; seen += n;
            progress?.Report(new TrainingStatus(step + 1, total, epoch + 1, options.Epochs, lossSum / seen, (double)correct / seen, rate));
            bool epochEnd = b == stepsPerEpoch - 1;
            if (epochEnd)
            {
                double seconds = epochSeconds + clock.Elapsed.TotalSeconds;
                double? testAccuracy = test is null ? null : Evaluate(network, test).Accuracy;
                history.Add(new EpochRecord(epoch + 1, lossSum / seen, (double)correct / seen, testAccuracy, seconds));
                (lossSum, correct, seen, epochSeconds) = (0, 0, 0, 0);
                clock.Restart();
            }
            bool stop = checkpoint?.StopAfterStep == step + 1;
            if (checkpoint is not null && (epochEnd || stop || (step + 1) % checkpoint.EverySteps == 0))
            {
                var header = new TrainingCheckpoint.Header(fingerprint, "", step + 1, optimizer.Steps, lossSum, correct, seen,
                    epochSeconds + clock.Elapsed.TotalSeconds, history.ToArray(), [], []);
                TrainingCheckpoint.Save(checkpoint.Path, header, network, optimizer);
            }
            if (stop) return new TrainingResult(history, start, step + 1, total);
        }
        return new TrainingResult(history, start, total, total);
    }

    /// <summary>Accuracy and mean loss on <paramref name="data"/> in inference mode (running batch-norm statistics, no noise).</summary>
    public static (double Accuracy, double Loss) Evaluate(Network<T> network, LabeledImages data, int batchSize = 250, IAnalogForward? analog = null)
    {
        var batcher = new ImageBatcher(data, network.InputShape);
        var context = LayerContext.Inference with { Analog = analog };
        double loss = 0;
        int correct = 0;
        var indices = Enumerable.Range(0, data.Count).ToArray();
        for (int s = 0; s < data.Count; s += batchSize)
        {
            var chunk = indices.AsSpan(s, Math.Min(batchSize, data.Count - s));
            var (x, labels) = batcher.Assemble<T>(chunk, augment: false, 0, 0);
            var logits = network.Forward(x, chunk.Length, context);
            var (l, right) = SoftmaxCrossEntropy.Evaluate<T>(logits, labels, chunk.Length, network.Classes, Span<T>.Empty);
            loss += l * chunk.Length;
            correct += right;
        }
        return ((double)correct / data.Count, loss / data.Count);
    }

    /// <summary>
    /// What a checkpoint must match to be resumed: the architecture (with QAT settings), the options,
    /// the starting weights' origin, the element type and a hash of the training data.
    /// </summary>
    public static string Fingerprint(Network<T> network, LabeledImages train, NetworkTrainingOptions options)
    {
        var description = JsonSerializer.Serialize(new
        {
            specs = network.Specs,
            input = network.InputShape.ToString(),
            options = options with { Noise = NoiseInjection.None },
            weight_noise = options.Noise.WeightSigma,
            output_noise = options.Noise.OutputSigma,
            element = typeof(T).Name,
            data = DataHash(train),
        }, ModelJson.Options);
        return TrainingCheckpoint.Hash(description);
    }

    private static string DataHash(LabeledImages data)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(data.Labels);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Features.AsSpan()));
        return Convert.ToHexString(sha.GetHashAndReset())[..16];
    }
}
