using System.Numerics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The periphery around an analog core: DAC and input encoding, TIA and ADC, and the scale back
/// to weight units (y = I / (volts per input unit) * (weight per siemens)).
/// </summary>
/// <remarks>
/// Encodings: amplitude (one read at V = x/x_max * V_read); pulse-width (time-stepped as in IBM's
/// tile-circuit model, Luquin et al. 2025: P steps, row i at +-V_read for round(|x_i|/x_max * P)
/// steps, the charge integrated before one TIA/ADC conversion); bit-serial (one read per bit of
/// the DAC code at +-V_read, each converted by the ADC, then shift-and-add).
/// </remarks>
public sealed class TileReadout
{
    private readonly InputConfig _in;
    private readonly Dac _dac;
    private readonly Tia _tia;
    private readonly IAdc _adc;
    private readonly IAnalogCore _core;
    private readonly double _scale; // weight units per (A per volt-per-input-unit)
    private readonly UniformAdc? _uniformAdc; // the common ADC, called without an interface dispatch
    private readonly BehavioralCore? _behavioral; // the fast core, called with the ziggurat noise source

    /// <param name="maxCurrent">Largest |output current| of the programmed weights (A) with every input at full scale and no IR drop: the default ADC full scale, the same for behavioral and circuit cores so both quantize alike.</param>
    public TileReadout(InputConfig input, OutputConfig output, IAnalogCore core, double weightPerSiemens, double maxCurrent)
    {
        _in = input;
        _dac = new Dac(input);
        _tia = new Tia(output);
        _core = core;
        double full = maxCurrent * _tia.Gain;
        if (output.TiaSaturationV is { } sat) full = Math.Min(full, sat);
        _adc = AdcFactory.Create(output, full > 0 ? full : 1.0);
        _scale = weightPerSiemens / _dac.VoltsPerUnit;
        _uniformAdc = _adc as UniformAdc;
        _behavioral = core as BehavioralCore;
    }

    public IAnalogCore Core => _core;

    /// <summary>One MVM into <paramref name="y"/> (length = core outputs).</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y, Random? noise) =>
        MultiplySample(x, y, noise is null ? null : new ReadNoiseSource(noise));

    /// <summary>
    /// <paramref name="count"/> MVMs, sample after sample (so read-noise draws keep one fixed order):
    /// <paramref name="x"/> holds count x <paramref name="inputs"/> values, <paramref name="y"/>
    /// count x <paramref name="outputs"/> (the first outputs of the core). Each input is divided by
    /// <paramref name="inputScale"/> before the DAC and each output multiplied by it after the ADC.
    /// Scratch is set up once per batch, which is what makes tiny (4x4) tiles cheap.
    /// </summary>
    public void MultiplyBatch(ReadOnlySpan<double> x, int inputs, Span<double> y, int outputs, int count, double inputScale, ReadNoiseSource? noise)
    {
        int m = _core.Rows, outs = _core.Outputs;
        if (inputs > m) throw new InvalidInputException($"inputs: a vector has {inputs} values but the tile has {m} rows");
        if (outputs > outs) throw new ArgumentException($"{outputs} outputs asked of a core with {outs}");
        Span<double> xs = inputs <= 1024 ? stackalloc double[inputs] : new double[inputs];
        Span<double> full = outs <= 1024 ? stackalloc double[outs] : new double[outs];
        if (_in.Encoding != InputEncoding.Amplitude)
        {
            for (int s = 0; s < count; s++)
            {
                var xin = x.Slice(s * inputs, inputs);
                for (int r = 0; r < inputs; r++) xs[r] = xin[r] / inputScale;
                MultiplySample(xs, full, noise);
                var ys = y.Slice(s * outputs, outputs);
                for (int o = 0; o < outputs; o++) ys[o] = full[o] * inputScale;
            }
            return;
        }
        if (_behavioral is not null && UsesMatrixProducts(count, m, outs))
        {
            MultiplyBatchAmplitude(x, inputs, y, outputs, count, inputScale, noise);
            return;
        }
        // Amplitude encoding: one read per sample. A sample whose inputs are all zero drives 0 V on
        // every row, so every column current is exactly zero (no signal, no read noise): its
        // outputs are the ADC's reading of zero, without a core evaluation.
        Span<double> v = m <= 1024 ? stackalloc double[m] : new double[m];
        v.Clear();
        double zero = Convert(0.0) * inputScale;
        for (int s = 0; s < count; s++)
        {
            var ys = y.Slice(s * outputs, outputs);
            if (!_dac.Voltages(x.Slice(s * inputs, inputs), inputScale, v))
            {
                ys.Fill(zero);
                continue;
            }
            Read(v, full, noise);
            Convert(full[..outputs], inputScale, ys);
        }
    }

    /// <summary>
    /// Whether a batch of amplitude-encoded reads goes through matrix products rather than
    /// sample by sample: from 16 samples on tiles of 64 cells or more per output row sum (below
    /// that the per-sample loop, with no scratch to set up, is faster: the 4x4 tiles of the MLP demo).
    /// </summary>
    public static bool UsesMatrixProducts(int count, int rows, int outputs) => count >= 16 && rows * outputs >= 64;

    /// <summary>
    /// The amplitude encoding for a whole batch: every sample's DAC voltages into one count x rows
    /// matrix, the core's batched read (<see cref="BehavioralCore.ReadCurrentsBatch"/>), then TIA
    /// and ADC elementwise. Same values as the per-sample loop to rounding, same read-noise draws.
    /// </summary>
    private void MultiplyBatchAmplitude(ReadOnlySpan<double> x, int inputs, Span<double> y, int outputs, int count, double inputScale, ReadNoiseSource? noise)
    {
        // In float (the network engine's layers) a batch runs in chunks of samples, in order: a chunk's
        // voltages, currents and products stay in the core's cache between the DAC, the products and the
        // ADC instead of streaming megabytes through memory three times. The float products of a sample
        // do not depend on the batch it is in (PackedProduct) and read noise is drawn in sample order, so
        // the outputs are the same bit for bit. Double batches (OpenBLAS) keep one call.
        int chunk = BehavioralCore.SinglePrecisionActive ? ChunkSamples : count;
        for (int s0 = 0; s0 < count; s0 += chunk)
        {
            int c = Math.Min(chunk, count - s0);
            MultiplyChunkAmplitude(x.Slice(s0 * inputs, c * inputs), inputs, y.Slice(s0 * outputs, c * outputs), outputs, c, inputScale, noise);
        }
    }

    /// <summary>Samples per chunk of a float batch: 256 x 64 rows of voltages are 128 kB, with the products' floats well inside a 1 MB second-level cache.</summary>
    private const int ChunkSamples = 256;

    private void MultiplyChunkAmplitude(ReadOnlySpan<double> x, int inputs, Span<double> y, int outputs, int count, double inputScale, ReadNoiseSource? noise)
    {
        using var voltages = DacVoltages.Convert(new DacSetting(_in, inputScale, _core.Rows, inputs), x, inputs, count);
        ReadChunk(voltages.Volts, voltages.Silent, y, outputs, count, inputScale, noise);
    }

    /// <summary>
    /// The DAC setting under which <see cref="MultiplyVoltages"/> takes a shared DAC pass for a batch of
    /// <paramref name="count"/> samples of <paramref name="inputs"/> values, or null where this readout
    /// converts inside its own reads (other encodings, circuit cores, batches read sample by sample).
    /// </summary>
    public DacSetting? SharedDac(int inputs, int count, double inputScale) =>
        _in.Encoding == InputEncoding.Amplitude && _behavioral is not null && UsesMatrixProducts(count, _core.Rows, _core.Outputs)
            ? new DacSetting(_in, inputScale, _core.Rows, inputs)
            : null;

    /// <summary>
    /// <see cref="MultiplyBatch"/> from voltages already converted under this readout's
    /// <see cref="SharedDac"/> setting: the same reads in the same chunks and order, so the same outputs bit for bit.
    /// </summary>
    public void MultiplyVoltages(DacVoltages voltages, Span<double> y, int outputs, ReadNoiseSource? noise)
    {
        int count = voltages.Count, m = _core.Rows, outs = _core.Outputs;
        var setting = voltages.Setting;
        if (SharedDac(setting.Inputs, count, setting.InputScale) != setting)
            throw new ArgumentException("the voltages were converted under another DAC setting than this tile's");
        if (outputs > outs) throw new ArgumentException($"{outputs} outputs asked of a core with {outs}");
        int chunk = BehavioralCore.SinglePrecisionActive ? ChunkSamples : count;
        for (int s0 = 0; s0 < count; s0 += chunk)
        {
            int c = Math.Min(chunk, count - s0);
            ReadChunk(voltages.Volts.Slice(s0 * m, c * m), voltages.Silent.Slice(s0, c), y.Slice(s0 * outputs, c * outputs), outputs, c, setting.InputScale, noise);
        }
    }

    /// <summary>A chunk's batched read from its word-line voltages (count x rows), then TIA and ADC; silent samples read the ADC's zero.</summary>
    private void ReadChunk(ReadOnlySpan<double> v, ReadOnlySpan<bool> silent, Span<double> y, int outputs, int count, double inputScale, ReadNoiseSource? noise)
    {
        int outs = _core.Outputs;
        var pool = System.Buffers.ArrayPool<double>.Shared;
        var currents = pool.Rent(count * outs);
        try
        {
            _behavioral!.ReadCurrentsBatch(v, count, currents.AsSpan(0, count * outs), noise);
            double zero = Convert(0.0) * inputScale;
            for (int s = 0; s < count; s++)
            {
                var ys = y.Slice(s * outputs, outputs);
                if (silent[s]) { ys.Fill(zero); continue; } // as the per-sample path: no read, the ADC's zero
                Convert(currents.AsSpan(s * outs, outputs), inputScale, ys);
            }
        }
        finally
        {
            pool.Return(currents);
        }
    }

    private void Read(ReadOnlySpan<double> v, Span<double> i, ReadNoiseSource? noise)
    {
        if (_behavioral is not null) _behavioral.ReadCurrents(v, i, noise);
        else _core.Currents(v, i, noise?.Random);
    }

    /// <summary>One MVM into <paramref name="y"/> (length = core outputs), read noise from <paramref name="noise"/>.</summary>
    public void MultiplySample(ReadOnlySpan<double> x, Span<double> y, ReadNoiseSource? noise)
    {
        int m = _core.Rows, outs = _core.Outputs;
        if (x.Length > m) throw new InvalidInputException($"inputs: a vector has {x.Length} values but the tile has {m} rows");
        // Scratch on the stack for tile-sized vectors: this runs once per tile per input vector.
        Span<double> v = m <= 1024 ? stackalloc double[m] : new double[m];
        Span<double> i = outs <= 1024 ? stackalloc double[outs] : new double[outs];
        v.Clear();
        y.Clear();
        switch (_in.Encoding)
        {
            case InputEncoding.Amplitude:
                for (int r = 0; r < x.Length; r++) v[r] = _dac.Voltage(x[r]);
                Read(v, i, noise);
                for (int o = 0; o < outs; o++) y[o] = Convert(i[o]);
                break;
            case InputEncoding.PulseWidth:
            {
                int p = _in.PulseSteps;
                var steps = new int[x.Length];
                var sign = new double[x.Length];
                for (int r = 0; r < x.Length; r++)
                {
                    double f = _dac.Fraction(x[r]);
                    steps[r] = (int)Math.Round(Math.Abs(f) * p, MidpointRounding.AwayFromZero);
                    sign[r] = Math.Sign(f);
                }
                Span<double> q = outs <= 1024 ? stackalloc double[outs] : new double[outs];
                q.Clear();
                for (int t = 0; t < p; t++)
                {
                    bool any = false;
                    for (int r = 0; r < x.Length; r++)
                    {
                        v[r] = t < steps[r] ? sign[r] * _in.ReadVoltageV : 0.0;
                        any |= v[r] != 0;
                    }
                    if (!any) break; // later steps are all zero
                    Read(v, i, noise);
                    for (int o = 0; o < outs; o++) q[o] += i[o];
                }
                for (int o = 0; o < outs; o++) y[o] = Convert(q[o] / p);
                break;
            }
            case InputEncoding.BitSerial:
            {
                int bits = _in.DacBits ?? throw new InvalidOperationException("bit-serial needs dac_bits");
                long full = (1L << bits) - 1;
                var code = new long[x.Length];
                var sign = new double[x.Length];
                for (int r = 0; r < x.Length; r++) { code[r] = _dac.Code(x[r]); sign[r] = Math.Sign(x[r]); }
                for (int b = 0; b < bits; b++)
                {
                    bool any = false;
                    for (int r = 0; r < x.Length; r++)
                    {
                        v[r] = ((code[r] >> b) & 1) != 0 ? sign[r] * _in.ReadVoltageV : 0.0;
                        any |= v[r] != 0;
                    }
                    if (!any) continue;
                    Read(v, i, noise);
                    double weight = (double)(1L << b) / full;
                    for (int o = 0; o < outs; o++) y[o] += weight * Convert(i[o]);
                }
                break;
            }
        }
    }

    /// <summary>
    /// <see cref="Convert(double)"/> times <paramref name="inputScale"/> of every current into
    /// <paramref name="y"/>: on <see cref="Vector{T}"/> lanes for the uniform ADC (the same operations
    /// in the same order, so the same values bit for bit), else one by one.
    /// </summary>
    private void Convert(ReadOnlySpan<double> currents, double inputScale, Span<double> y)
    {
        int n = currents.Length, k = 0;
        if (_uniformAdc is not null)
        {
            int w = Vector<double>.Count;
            Vector<double> gain = new(_tia.Gain), scale = new(_scale), input = new(inputScale);
            for (; k <= n - w; k += w)
                (_uniformAdc.Convert(_tia.Apply(new Vector<double>(currents.Slice(k, w)))) / gain * scale * input).CopyTo(y.Slice(k, w));
        }
        for (; k < n; k++) y[k] = Convert(currents[k]) * inputScale;
    }

    /// <summary>Current (A, as the read voltage saw it) -> TIA -> ADC -> weight units.</summary>
    private double Convert(double current) =>
        (_uniformAdc is not null ? _uniformAdc.Convert(_tia.Apply(current)) : _adc.Convert(_tia.Apply(current))) / _tia.Gain * _scale;
}
