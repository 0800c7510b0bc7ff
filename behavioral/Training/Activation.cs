namespace Xbar.Behavioral.Training;

/// <summary>Activation of the hidden layers (applied digitally, after the tile and the ADC).</summary>
public enum Activation
{
    Relu,
    Tanh,
    Sigmoid,
}

/// <summary>What the last layer's pre-activations mean and which loss trains them.</summary>
public enum OutputKind
{
    /// <summary>Softmax over the outputs with cross-entropy loss (classification, one output per class).</summary>
    Softmax,

    /// <summary>One output through a logistic sigmoid with binary cross-entropy (class 1 when the pre-activation is positive).</summary>
    Sigmoid,
}

/// <summary>Element-wise activation functions and their derivatives.</summary>
public static class Activations
{
    public static void Apply(Activation activation, Span<double> values)
    {
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] = 0;
                break;
            case Activation.Tanh:
                for (int i = 0; i < values.Length; i++) values[i] = Math.Tanh(values[i]);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < values.Length; i++) values[i] = 1.0 / (1.0 + Math.Exp(-values[i]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>Multiplies <paramref name="grad"/> by the derivative, given the activation's output <paramref name="activated"/>.</summary>
    public static void BackpropThrough(Activation activation, ReadOnlySpan<double> activated, Span<double> grad)
    {
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < grad.Length; i++) if (activated[i] <= 0) grad[i] = 0;
                break;
            case Activation.Tanh:
                for (int i = 0; i < grad.Length; i++) grad[i] *= 1 - activated[i] * activated[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < grad.Length; i++) grad[i] *= activated[i] * (1 - activated[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>Softmax in place, shifted by the maximum for numerical safety.</summary>
    public static void Softmax(Span<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        double sum = 0;
        for (int i = 0; i < values.Length; i++) { values[i] = Math.Exp(values[i] - max); sum += values[i]; }
        for (int i = 0; i < values.Length; i++) values[i] /= sum;
    }
}
