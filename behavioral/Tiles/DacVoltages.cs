using System.Buffers;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// What decides a tile's DAC voltages for a batch: the input side of its config, the digital input
/// scale, its rows and inputs. Tiles with equal settings given equal inputs drive equal voltages.
/// </summary>
public readonly record struct DacSetting(InputConfig Input, double InputScale, int Rows, int Inputs);

/// <summary>
/// One DAC pass over a batch (count x <see cref="DacSetting.Rows"/> word-line voltages, rows past
/// the inputs at 0 V, and which samples drive no voltage at all), shared by every tile that reads
/// the same inputs through the same DAC: the tiles of one block column of a layer
/// (<see cref="Networks.TiledMatrix"/>) and the slice tiles of a bit-sliced block. A tile given
/// these voltages reads exactly what its own DAC pass would give it (the same conversion), so sharing
/// changes no output; it removes the repeated conversion, about a tenth of a ResNet-18 run's
/// processor time with 16 tiles per block column.
/// </summary>
public sealed class DacVoltages : IDisposable
{
    private double[]? _volts;
    private bool[]? _silent;

    private DacVoltages(DacSetting setting, int count)
    {
        Setting = setting;
        Count = count;
        _volts = ArrayPool<double>.Shared.Rent(Math.Max(1, count * setting.Rows));
        _silent = ArrayPool<bool>.Shared.Rent(Math.Max(1, count));
    }

    public DacSetting Setting { get; }
    public int Count { get; }

    /// <summary>Word-line voltages (V), count x rows, row-major.</summary>
    public ReadOnlySpan<double> Volts => (_volts ?? throw new ObjectDisposedException(nameof(DacVoltages))).AsSpan(0, Count * Setting.Rows);

    /// <summary>Per sample: true when every voltage is exactly 0 V (no read; the ADC's reading of zero).</summary>
    public ReadOnlySpan<bool> Silent => (_silent ?? throw new ObjectDisposedException(nameof(DacVoltages))).AsSpan(0, Count);

    /// <summary>
    /// The voltages of <paramref name="count"/> samples whose inputs are <paramref name="x"/>, a
    /// count x <see cref="DacSetting.Inputs"/> block read with row stride <paramref name="stride"/>
    /// (a layer's whole input row; the block starts at x[0]).
    /// </summary>
    public static DacVoltages Convert(DacSetting setting, ReadOnlySpan<double> x, int stride, int count)
    {
        int m = setting.Rows, inputs = setting.Inputs;
        if (inputs > m) throw new ArgumentException($"{inputs} inputs on {m} rows");
        if (stride < inputs) throw new ArgumentException($"row stride {stride} below the {inputs} inputs");
        if (count > 0 && x.Length < (long)(count - 1) * stride + inputs) throw new ArgumentException($"{count} samples need more than {x.Length} inputs");
        var result = new DacVoltages(setting, count);
        var dac = new Dac(setting.Input);
        for (int s = 0; s < count; s++)
        {
            var row = result._volts.AsSpan(s * m, m);
            result._silent![s] = !dac.Voltages(x.Slice(s * stride, inputs), setting.InputScale, row);
            row[inputs..].Clear();
        }
        return result;
    }

    public void Dispose()
    {
        if (_volts is not null) ArrayPool<double>.Shared.Return(_volts);
        if (_silent is not null) ArrayPool<bool>.Shared.Return(_silent);
        _volts = null;
        _silent = null;
    }
}
