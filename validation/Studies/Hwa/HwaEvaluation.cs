using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>
/// One trained model on the study's tiles: its graph (<see cref="TrainedNetworkGraph"/>, batch norm kept
/// digital after the ADC for every model, so all models run the same graph), its float accuracy, and its
/// accuracy on a tile for a seed. The per-layer settings (DAC full scale, weight clip by the MSE-optimal rule
/// or the QAT range, fitted ADC range) are measured once per kind of tile on the training images.
/// </summary>
public sealed class HwaEvaluation
{
    private readonly LabeledImages _test;
    private readonly double[] _rangeSamples;
    private readonly int _rangeCount, _batch;
    private readonly GraphExecutor _float;
    private readonly Dictionary<string, MeasuredLayerSettings> _settings = [];
    private readonly Dictionary<string, MeasuredLayerSettings> _pinned = [];

    public HwaEvaluation(NetworkGraph graph, LabeledImages train, LabeledImages test, int rangeImages, int batch)
    {
        Graph = graph;
        _test = test;
        _rangeCount = Math.Min(rangeImages, train.Count);
        _rangeSamples = train.Features[..(_rangeCount * train.FeatureCount)];
        _batch = batch;
        _float = new GraphExecutor(graph, FloatBackend.Instance);
    }

    public NetworkGraph Graph { get; }

    /// <summary>Test accuracy of the float graph (fraction).</summary>
    public double FloatAccuracy() => Accuracy(_float);

    /// <summary>The per-layer settings on tiles like <paramref name="point"/>'s (measured once per array size, cell levels and ADC).</summary>
    public MeasuredLayerSettings Settings(HwaTilePoint point)
    {
        if (_pinned.TryGetValue(point.Key, out var pinned)) return pinned;
        var c = point.Config;
        string key = $"{c.Array.Rows}x{c.Array.Cols}|{c.Device.Kind}|{c.Device.States}|{c.Mapping}|{point.HasAdc}";
        if (!_settings.TryGetValue(key, out var s))
            _settings[key] = s = MeasuredLayerSettings.Measure(_float, _rangeSamples, _rangeCount, c, point.Geometry, WeightClipRule.MinimumMse,
                fitAdc: point.HasAdc, _rangeCount, _batch);
        return s;
    }

    /// <summary>
    /// Uses <paramref name="settings"/> on <paramref name="point"/> instead of measuring them on this model's float graph:
    /// an IR-drop-aware model is read on its own tiles with the settings it was trained with. Its batch-norm statistics
    /// were gathered on the tiles' attenuated sums, so its float graph's activations (and ranges measured on them) are
    /// not the ones it meets on those tiles; re-measured ranges would deploy it on other hardware than it was trained on.
    /// </summary>
    public void Pin(HwaTilePoint point, MeasuredLayerSettings settings) => _pinned[point.Key] = settings;

    /// <summary>The weight backend of <paramref name="point"/>'s tiles with this model's settings (also the forward of IR-drop-aware training).</summary>
    public TileBackend Backend(HwaTilePoint point, TileCalibration? calibration, int seed) =>
        new(LayerTileProgrammer.Behavioral(point.Label, point.Config, calibration, Settings(point).Settings), point.Geometry, seed);

    /// <summary>Test accuracy (fraction) with every weight layer on <paramref name="point"/>'s tiles, drawn with <paramref name="seed"/>.</summary>
    public double TileAccuracy(HwaTilePoint point, TileCalibration? calibration, int seed) =>
        Accuracy(new GraphExecutor(Graph, Backend(point, calibration, seed)));

    private double Accuracy(GraphExecutor executor)
    {
        int n = _test.Count, classes = (int)Tensor.Size(Graph.ShapeOf(Graph.SingleOutput).SampleDims);
        var predictions = ModelRun.Predictions(executor.RunAll(_test.Features, n, _batch), n, classes);
        return predictions.Where((p, i) => p == _test.Labels[i]).Count() / (double)Math.Max(1, n);
    }
}
