using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// A programmed tile: the mapped weights, the programmed cells, an analog core (behavioral or
/// circuit) and its periphery. Built by <see cref="BehavioralTile"/> or <see cref="CircuitTile"/>
/// from the same config, so they can be compared directly.
/// </summary>
public sealed class Tile : ITile
{
    private readonly TileReadout _readout;
    private readonly ReadNoiseSource? _noise;
    private readonly object _noiseLock = new();

    internal Tile(TileConfig config, MappedWeights mapped, ICellArray cells, IAnalogCore core, int inputs, int outputs, int seed, bool noisy)
    {
        Config = config; Mapped = mapped; Cells = cells; Core = core;
        Inputs = inputs; Outputs = outputs;
        _readout = new TileReadout(config.Input, config.Output, core, mapped.WeightPerSiemens, MaxCurrent(mapped, config.Input.ReadVoltageV));
        _noise = noisy ? new ReadNoiseSource(new Random(unchecked(seed * 31 + 7919))) : null;
    }

    /// <summary>max over outputs of sum_i |G+ - G-| * V_read from the target conductances (A).</summary>
    private static double MaxCurrent(MappedWeights m, double vRead)
    {
        double best = 0;
        for (int o = 0; o < m.Outputs; o++)
        {
            double s = 0;
            for (int i = 0; i < m.Rows; i++) s += Math.Abs(m.Conductance[i, m.PlusColumn[o]] - m.Conductance[i, m.MinusColumn[o]]);
            best = Math.Max(best, s * vRead);
        }
        return best;
    }

    public TileConfig Config { get; }
    public MappedWeights Mapped { get; }
    public ICellArray Cells { get; }
    public IAnalogCore Core { get; }
    public int Inputs { get; }
    public int Outputs { get; }

    public double[] Multiply(ReadOnlySpan<double> x)
    {
        var y = new double[Outputs];
        Multiply(x, y);
        return y;
    }

    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != Inputs) throw new InvalidInputException($"inputs: a vector has {x.Length} values but the weights have {Inputs} inputs");
        if (y.Length < Outputs) throw new ArgumentException($"output span holds {y.Length} values, the tile has {Outputs} outputs");
        MultiplyBatch(x, y, 1);
    }

    /// <summary>
    /// <paramref name="count"/> MVMs in sample order: <paramref name="x"/> holds count x
    /// <see cref="Inputs"/> values, <paramref name="y"/> count x <see cref="Outputs"/>. Inputs are
    /// divided by <paramref name="inputScale"/> before the DAC and outputs multiplied by it after
    /// the ADC (a digital input scale). With read noise the whole batch holds the tile's lock once
    /// and draws in sample order, so a seed gives bit-identical results whatever the batching.
    /// </summary>
    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count, double inputScale = 1.0)
    {
        if (x.Length < count * Inputs) throw new InvalidInputException($"inputs: {x.Length} values for {count} vectors of {Inputs} inputs");
        if (y.Length < count * Outputs) throw new ArgumentException($"output span holds {y.Length} values, {count} vectors need {count * Outputs}");
        if (_noise is null) _readout.MultiplyBatch(x, Inputs, y, Outputs, count, inputScale, null);
        else lock (_noiseLock) _readout.MultiplyBatch(x, Inputs, y, Outputs, count, inputScale, _noise);
    }

    /// <summary>The DAC setting under which a batch of <paramref name="count"/> can read a shared DAC pass (<see cref="DacVoltages"/>), or null.</summary>
    public DacSetting? SharedDac(int count, double inputScale = 1.0) => _readout.SharedDac(Inputs, count, inputScale);

    /// <summary>
    /// <see cref="MultiplyBatch(ReadOnlySpan{double}, Span{double}, int, double)"/> from a shared DAC pass
    /// converted under <see cref="SharedDac"/>: the same outputs and read-noise draws bit for bit.
    /// </summary>
    public void MultiplyVoltages(DacVoltages voltages, Span<double> y)
    {
        if (y.Length < voltages.Count * Outputs) throw new ArgumentException($"output span holds {y.Length} values, {voltages.Count} vectors need {voltages.Count * Outputs}");
        if (_noise is null) _readout.MultiplyVoltages(voltages, y, Outputs, null);
        else lock (_noiseLock) _readout.MultiplyVoltages(voltages, y, Outputs, _noise);
    }

    /// <summary>
    /// Many MVMs on the programmed tile. Without read noise the samples run in parallel (each MVM
    /// is a pure function of its input); with read noise they run in order so a seed gives
    /// bit-identical results.
    /// </summary>
    public double[,] MultiplyBatch(double[,] x)
    {
        int b = x.GetLength(0);
        if (x.GetLength(1) != Inputs) throw new InvalidInputException($"inputs: {x.GetLength(1)} columns but the weights have {Inputs} inputs");
        var y = new double[b, Outputs];
        void One(int s)
        {
            var row = new double[Inputs];
            for (int i = 0; i < Inputs; i++) row[i] = x[s, i];
            var r = Multiply(row);
            for (int o = 0; o < Outputs; o++) y[s, o] = r[o];
        }
        if (_noise is null && b > 1) Parallel.For(0, b, One);
        else for (int s = 0; s < b; s++) One(s);
        return y;
    }

    public double[] AnalogCurrents(ReadOnlySpan<double> voltages)
    {
        var i = new double[Core.Outputs];
        if (voltages.Length > Core.Rows) throw new InvalidInputException($"voltages: {voltages.Length} values but the tile has {Core.Rows} rows");
        var v = new double[Core.Rows];
        voltages.CopyTo(v);
        Core.Currents(v, i, null);
        return Outputs == i.Length ? i : i[..Outputs];
    }
}
