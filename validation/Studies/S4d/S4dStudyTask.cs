using Xbar.Behavioral.Data;
using Xbar.Behavioral.Data.Speech;
using Xbar.Behavioral.Training.StateSpace;

namespace Xbar.Validation.Studies.S4d;

/// <summary>One classification task of the S4D study: sequences as engine samples, and how long its models train.</summary>
internal sealed record S4dStudyTask(string Name, string Title, LabeledImages Train, LabeledImages Test, int Steps, int Features, int Classes,
    int Epochs, int QatEpochs, int[] Bits)
{
    /// <summary>The test samples run on crossbars: at most <paramref name="limit"/>, taken evenly through the set (it is ordered by speaker or file).</summary>
    public LabeledImages CrossbarTest(int limit) => Strided(Test, limit);

    /// <summary>Every k-th training sample, at most <paramref name="count"/>: where the DAC full scales are measured.</summary>
    public LabeledImages RangeSamples(int count) => Strided(Train, count);

    /// <summary>At most <paramref name="count"/> samples, every k-th (sets are ordered by speaker or by file, not by class).</summary>
    private static LabeledImages Strided(LabeledImages data, int count)
    {
        if (data.Count <= count) return data;
        int stride = data.Count / count;
        var f = new double[count * data.FeatureCount];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            data.Sample(i * stride).CopyTo(f.AsSpan(i * data.FeatureCount, data.FeatureCount));
            labels[i] = data.Labels[i * stride];
        }
        return new LabeledImages(f, data.FeatureCount, labels) { ImageSize = data.ImageSize };
    }

    /// <summary>The study's tasks: spoken "zero"/"one", all twenty spoken digits, and (optionally) sequential Fashion-MNIST.</summary>
    public static IReadOnlyList<S4dStudyTask> Load(S4dStudyOptions o, Action<string> log)
    {
        log("loading the synthetic spoken digits (built on first use)");
        var digits = SpokenDigits.Load(o.Digits, o.DigitsCache).Split;
        var two = new SequenceSplit(digits.Train.SelectClasses([0, 1]), digits.Test.SelectClasses([0, 1]), digits.Description + "; zero vs one");
        var tasks = new List<S4dStudyTask>
        {
            From("digits-2", "spoken digits, \"zero\" vs \"one\"", two.StandardizedByTrain(), o, o.Epochs, o.QatEpochs, o.Bits),
            From("digits-20", "spoken digits, all 20 (English and German)", digits.StandardizedByTrain(), o, o.Epochs, o.QatEpochs, [2]),
        };
        if (o.Fashion)
        {
            log("loading Fashion-MNIST row by row");
            tasks.Add(From("fashion", "sequential Fashion-MNIST (28 rows of 28 pixels)", SequentialImages.FashionMnist().StandardizedByTrain(), o,
                o.FashionEpochs, o.FashionQatEpochs, [2]));
        }
        return tasks;
    }

    private static S4dStudyTask From(string name, string title, SequenceSplit split, S4dStudyOptions o, int epochs, int qatEpochs, int[] bits) =>
        new(name, title, Strided(S4dClassifier.AsSamples(split.Train), o.MaxTrain ?? int.MaxValue),
            Strided(S4dClassifier.AsSamples(split.Test), o.MaxTest ?? int.MaxValue), split.Train.Steps, split.Train.Channels,
            split.Train.ClassNames.Count, epochs, qatEpochs, bits);
}
