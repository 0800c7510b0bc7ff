using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Training;

/// <summary>
/// The XOR task of Moureaux et al. 2026 as a 2-2-1 network (2 inputs, 2 hidden ReLU neurons, one
/// sigmoid output). A 2-2-1 ReLU net can get stuck (dead hidden units), so training restarts from
/// the next seed until the four cases are solved with a margin; the seeds tried are deterministic.
/// </summary>
public static class XorNetwork
{
    /// <summary>The four inputs (0,0), (0,1), (1,0), (1,1) and their XOR labels.</summary>
    public static LabeledImages Cases { get; } = new([0, 0, 0, 1, 1, 0, 1, 1], 2, [0, 1, 1, 0]);

    /// <summary>A trained XOR network and the number of restarts it took.</summary>
    public sealed record Result(Mlp Network, int Seed, int Attempts, double MinMargin);

    /// <summary>
    /// Trains until every case is classified with |logit| &gt;= <paramref name="margin"/> (a margin
    /// keeps it correct once weights are quantized onto 4-state cells); tries seeds
    /// <paramref name="seed"/>, <paramref name="seed"/> + 1, ... up to <paramref name="maxAttempts"/>.
    /// </summary>
    /// <param name="accept">
    /// Optional extra test a trained candidate must pass (for example: correct through quantized
    /// tiles); candidates that fail it count as unsolved and training restarts from the next seed.
    /// </param>
    public static Result Train(int seed = 1, double margin = 2.0, int maxAttempts = 50, Func<Mlp, bool>? accept = null)
    {
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            int s = seed + attempt;
            var net = Mlp.CreateRandom([2, 2, 1], Activation.Relu, OutputKind.Sigmoid, s);
            // Small positive biases keep the ReLUs alive at the start.
            foreach (var b in new[] { 0, 1 }) net.Layers[0].Bias[b] = 0.1;
            MlpTrainer.Train(net, Cases, new TrainingOptions(epochs: 3000, batchSize: 4, learningRate: 0.02, seed: s));
            double minMargin = MinMargin(net);
            if (minMargin >= margin && (accept is null || accept(net))) return new Result(net, s, attempt + 1, minMargin);
        }
        throw new InvalidOperationException($"XOR not solved in {maxAttempts} attempts from seed {seed}");
    }

    /// <summary>The smallest signed margin over the four cases: logit x (+1 for class 1, -1 for class 0). Positive means all correct.</summary>
    public static double MinMargin(Mlp net) => MinMargin(i => net.Logits(Cases.Sample(i))[0]);

    /// <summary>The same margin for any way of computing the logit of case i (for example through tiles).</summary>
    public static double MinMargin(Func<int, double> logit)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < 4; i++)
            min = Math.Min(min, logit(i) * (Cases.Labels[i] == 1 ? 1 : -1));
        return min;
    }
}
