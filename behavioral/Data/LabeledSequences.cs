namespace Xbar.Behavioral.Data;

/// <summary>
/// Labeled sequences of equal length: <see cref="Count"/> samples of <see cref="Steps"/> time steps
/// of <see cref="Channels"/> values, row-major (sample, step, channel) in <see cref="Features"/>,
/// the batch x steps x channels layout the state-space layers take. Spoken digits (frames of
/// log-mel energies) and sequential images (one pixel row per step) are both of this shape.
/// </summary>
public sealed class LabeledSequences
{
    public LabeledSequences(double[] features, int steps, int channels, byte[] labels, IReadOnlyList<string> classNames)
    {
        if (steps <= 0 || channels <= 0) throw new ArgumentException($"steps ({steps}) and channels ({channels}) must be positive");
        if (features.Length != (long)labels.Length * steps * channels)
            throw new ArgumentException($"features hold {features.Length} values, expected {labels.Length} x {steps} x {channels}", nameof(features));
        foreach (var l in labels)
            if (l >= classNames.Count) throw new ArgumentException($"label {l} has no class name (only {classNames.Count} classes)", nameof(labels));
        Features = features;
        Steps = steps;
        Channels = channels;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>Count x Steps x Channels values, row-major.</summary>
    public double[] Features { get; }
    public int Steps { get; }
    public int Channels { get; }
    public byte[] Labels { get; }

    /// <summary>The name of each class (label k is <c>ClassNames[k]</c>).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Labels.Length;
    public int ValuesPerSample => Steps * Channels;

    /// <summary>The Steps x Channels values of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Sample(int index) => Features.AsSpan(index * ValuesPerSample, ValuesPerSample);

    /// <summary>A copy of samples [start, start + count).</summary>
    public LabeledSequences Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"slice [{start}, {start + count}) outside 0..{Count}");
        return new LabeledSequences(Features.AsSpan(start * ValuesPerSample, count * ValuesPerSample).ToArray(),
            Steps, Channels, Labels.AsSpan(start, count).ToArray(), ClassNames);
    }

    /// <summary>
    /// Only the samples of <paramref name="classes"/>, relabeled 0..k-1 in the order given (for
    /// example "zero" and "one" of the spoken digits as a two-class task).
    /// </summary>
    public LabeledSequences SelectClasses(IReadOnlyList<int> classes)
    {
        var map = new int[ClassNames.Count];
        Array.Fill(map, -1);
        for (int k = 0; k < classes.Count; k++)
        {
            if (classes[k] < 0 || classes[k] >= ClassNames.Count)
                throw new InvalidInputException($"class {classes[k]} does not exist (classes 0..{ClassNames.Count - 1})");
            map[classes[k]] = k;
        }
        var keep = Enumerable.Range(0, Count).Where(i => map[Labels[i]] >= 0).ToArray();
        var features = new double[keep.Length * ValuesPerSample];
        var labels = new byte[keep.Length];
        for (int j = 0; j < keep.Length; j++)
        {
            Sample(keep[j]).CopyTo(features.AsSpan(j * ValuesPerSample, ValuesPerSample));
            labels[j] = (byte)map[Labels[keep[j]]];
        }
        return new LabeledSequences(features, Steps, Channels, labels, classes.Select(c => ClassNames[c]).ToArray());
    }

    /// <summary>Mean and standard deviation of each channel over every sample and step.</summary>
    public (double[] Mean, double[] Std) ChannelStatistics()
    {
        var mean = new double[Channels];
        var sq = new double[Channels];
        long n = (long)Count * Steps;
        for (long r = 0; r < n; r++)
            for (int c = 0; c < Channels; c++)
            {
                double v = Features[r * Channels + c];
                mean[c] += v;
                sq[c] += v * v;
            }
        var std = new double[Channels];
        for (int c = 0; c < Channels; c++)
        {
            mean[c] /= Math.Max(1, n);
            std[c] = Math.Sqrt(Math.Max(0, sq[c] / Math.Max(1, n) - mean[c] * mean[c]));
        }
        return (mean, std);
    }

    /// <summary>(v - mean) / std per channel (a channel with zero spread is only centred).</summary>
    public LabeledSequences Standardized(double[] mean, double[] std)
    {
        if (mean.Length != Channels || std.Length != Channels)
            throw new ArgumentException($"statistics for {mean.Length}/{std.Length} channels, data has {Channels}");
        var f = new double[Features.Length];
        for (int i = 0; i < f.Length; i++)
        {
            int c = i % Channels;
            f[i] = (Features[i] - mean[c]) / (std[c] > 0 ? std[c] : 1);
        }
        return new LabeledSequences(f, Steps, Channels, Labels, ClassNames);
    }
}

/// <summary>A training set, a test set, and one line saying where they come from and how they were split.</summary>
public sealed record SequenceSplit(LabeledSequences Train, LabeledSequences Test, string Description)
{
    /// <summary>Both parts standardized per channel with the training set's mean and spread (the test set never informs the scaling).</summary>
    public SequenceSplit StandardizedByTrain()
    {
        var (mean, std) = Train.ChannelStatistics();
        return new SequenceSplit(Train.Standardized(mean, std), Test.Standardized(mean, std), Description + "; standardized per channel by the training set");
    }
}
