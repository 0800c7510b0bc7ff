using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.StateSpace;

/// <summary>One crossbar of a deployed S4D classifier: its matrix (outputs x inputs), the weight clip its cells map, and the states per cell its levels need (null: float weights).</summary>
/// <param name="Name">Layer name (encoder, s4d1, decoder).</param>
/// <param name="Matrix">The matrix programmed (for an S4D layer the <see cref="BlockSsm"/> matrix).</param>
/// <param name="Clip">|w| of the top conductance: the QAT range when quantized (the A range for an S4D layer), else max |w|.</param>
/// <param name="CellStates">States per cell of the QAT levels (2^(bits-1)); null for float weights.</param>
public sealed record DeployedLayer(string Name, double[,] Matrix, double Clip, int? CellStates);

/// <summary>
/// A trained S4D classifier (<see cref="S4dArchitecture"/>) as crossbars, in forward order: the
/// encoder's and decoder's weight matrices (with their biases added digitally after the ADC) and one
/// <see cref="BlockSsm"/> matrix per S4D layer, which runs step by step with its state fed back
/// through DAC, crossbar and ADC every time step (so programming noise, quantization, IR drop and
/// read noise accumulate through time as on a chip: Siegel, Yang and Strachan 2024). ReLU and the
/// mean over time stay digital. A QAT model's matrices hold its levels exactly
/// (<see cref="BlockSsm.OnOneGrid"/>; dense layers <see cref="WeightLayer{T}.ExportWeights"/>).
/// </summary>
public sealed class S4dDeployment
{
    private readonly ILayer<double>[] _stages;
    private readonly Dictionary<ILayer<double>, (int Layer, BlockSsm? Block, double[] Bias)> _weights = [];

    public S4dDeployment(Network<double> network)
    {
        _stages = network.Body.Children.ToArray();
        InputShape = network.InputShape;
        var layers = new List<DeployedLayer>();
        foreach (var stage in _stages)
        {
            switch (stage)
            {
                case SequenceDense<double> d:
                    _weights[stage] = (layers.Count, null, d.Inner.ExportBias());
                    layers.Add(Dense(d.Inner));
                    break;
                case Dense<double> d:
                    _weights[stage] = (layers.Count, null, d.ExportBias());
                    layers.Add(Dense(d));
                    break;
                case S4dSequenceLayer<double> s:
                    var system = s.DeployedSystem();
                    BlockSsm block;
                    double clip;
                    int? states = null;
                    if (s.Quantization is { } q)
                    {
                        states = 1 << (q.Bits - 1);
                        block = BlockSsm.OnOneGrid(system, q.ToSsm(), states.Value);
                        clip = q.RangeA;
                    }
                    else
                    {
                        block = BlockSsm.Balanced(system);
                        clip = MaxAbs(block.Matrix);
                    }
                    _weights[stage] = (layers.Count, block, []);
                    layers.Add(new DeployedLayer(s.Name, block.Matrix, clip, states));
                    break;
                case Relu<double> or TimeMeanPool<double>:
                    break;
                default:
                    throw new InvalidInputException($"{stage.Name}: a {stage.GetType().Name} layer cannot be deployed as an S4D classifier stage");
            }
        }
        Layers = layers;
        Classes = network.Classes;
    }

    private static DeployedLayer Dense(WeightLayer<double> d)
    {
        var w = d.ExportWeights();
        var m = new double[d.Outputs, d.FanIn];
        Buffer.BlockCopy(w, 0, m, 0, w.Length * sizeof(double));
        return new DeployedLayer(d.Name, m, d.Quantizer?.Range ?? MaxAbs(m), d.Quantizer is { } q ? q.States : null);
    }

    private static double MaxAbs(double[,] m)
    {
        double max = 0;
        foreach (var v in m) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    /// <summary>Each S4D layer's block system with the index of its crossbar, in forward order.</summary>
    public IReadOnlyList<(int Layer, BlockSsm Block)> S4dBlocks =>
        _weights.Values.Where(w => w.Block is not null).OrderBy(w => w.Layer).Select(w => (w.Layer, w.Block!)).ToArray();

    /// <summary>The crossbars in forward order (the layer index of tile seeds and per-layer settings).</summary>
    public IReadOnlyList<DeployedLayer> Layers { get; }

    public SampleShape InputShape { get; }
    public int Classes { get; }

    /// <summary>Every crossbar programmed by <paramref name="program"/>(layer index, layer): one <see cref="IProgrammedMatrix"/> each.</summary>
    public IProgrammedMatrix[] Program(Func<int, DeployedLayer, IProgrammedMatrix> program) =>
        Layers.Select((l, i) => program(i, l)).ToArray();

    /// <summary>Exact float matrices (the software reference of the deployed network).</summary>
    public IProgrammedMatrix[] Exact() => Program((_, l) => new DenseMatrix(l.Matrix));

    /// <summary>
    /// Logits (batch x classes) of <paramref name="x"/> (batch x steps x features) through the programmed
    /// crossbars, with every S4D layer's run (its states and outputs) and the largest |input| each crossbar received.
    /// </summary>
    /// <param name="observe">Called with (crossbar index, its input vectors, their count) before every product batch: the float run's inputs set the DAC and ADC ranges.</param>
    public S4dRun Run(IProgrammedMatrix[] crossbars, double[] x, int batch, Action<int, double[], int>? observe = null)
    {
        if (crossbars.Length != Layers.Count) throw new ArgumentException($"{crossbars.Length} crossbars for {Layers.Count} layers");
        if (x.Length != batch * InputShape.Size) throw new ArgumentException($"{x.Length} input values for {batch} samples of {InputShape}");
        int steps = InputShape.Height;
        var act = x;
        var traces = new List<SsmTrace>();
        var inputMax = new double[Layers.Count];
        foreach (var stage in _stages)
        {
            if (_weights.TryGetValue(stage, out var w))
            {
                var m = crossbars[w.Layer];
                if (w.Block is { } block)
                {
                    var matrix = observe is null ? m : new ObservedMatrix(m, (v, n) => observe(w.Layer, v, n));
                    var trace = block.Run(matrix, act, batch, steps);
                    inputMax[w.Layer] = block.InputFullScale(trace);
                    traces.Add(trace);
                    act = trace.Output;
                }
                else
                {
                    int count = act.Length / m.Inputs;
                    inputMax[w.Layer] = act.Max(Math.Abs);
                    var y = new double[count * m.Outputs];
                    observe?.Invoke(w.Layer, act, count);
                    m.MultiplyBatch(act, y, count);
                    for (int s = 0; s < count; s++)
                        for (int o = 0; o < m.Outputs; o++) y[s * m.Outputs + o] += w.Bias[o];
                    act = y;
                }
            }
            else if (stage is Relu<double>)
                act = act.Select(v => Math.Max(v, 0)).ToArray();
            else
            {
                int f = act.Length / (batch * steps);
                var pooled = new double[batch * f];
                for (int b = 0; b < batch; b++)
                    for (int t = 0; t < steps; t++)
                        for (int c = 0; c < f; c++) pooled[b * f + c] += act[(b * steps + t) * f + c] / steps;
                act = pooled;
            }
        }
        return new S4dRun(act, traces, inputMax);
    }

    /// <summary>Accuracy of the programmed crossbars on <paramref name="data"/>, in batches of <paramref name="batchSize"/>.</summary>
    public double Accuracy(IProgrammedMatrix[] crossbars, Data.LabeledImages data, int batchSize = 500)
    {
        int correct = 0;
        for (int s = 0; s < data.Count; s += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - s);
            var logits = Run(crossbars, data.Features.AsSpan(s * data.FeatureCount, n * data.FeatureCount).ToArray(), n).Logits;
            for (int b = 0; b < n; b++)
            {
                var z = logits.AsSpan(b * Classes, Classes);
                int best = 0;
                for (int k = 1; k < Classes; k++) if (z[k] > z[best]) best = k;
                if (best == data.Labels[s + b]) correct++;
            }
        }
        return (double)correct / data.Count;
    }
}

/// <summary>A programmed matrix that shows every input batch to an observer before multiplying.</summary>
internal sealed class ObservedMatrix(IProgrammedMatrix inner, Action<double[], int> observe) : IProgrammedMatrix
{
    public int Outputs => inner.Outputs;
    public int Inputs => inner.Inputs;
    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        observe(x[..(count * Inputs)].ToArray(), count);
        inner.MultiplyBatch(x, y, count);
    }
}

/// <summary>What a deployed run returns: the logits, each S4D layer's trace, and per crossbar the largest |input| it received.</summary>
public sealed record S4dRun(double[] Logits, IReadOnlyList<SsmTrace> S4dTraces, double[] InputMax);
