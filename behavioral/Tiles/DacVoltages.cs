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
    private readonly ArraySegment<double> _volts;
    private readonly ArraySegment<bool> _silent;
    private readonly bool _pooled; // the segments are whole arrays rented here, returned on Dispose
    private bool _disposed;

    private DacVoltages(DacSetting setting, int count, ArraySegment<double> volts, ArraySegment<bool> silent, bool pooled)
    {
        if (volts.Count < count * setting.Rows || silent.Count < count)
            throw new ArgumentException($"{count} samples of {setting.Rows} rows need {count * setting.Rows} voltages and {count} flags");
        Setting = setting;
        Count = count;
        _volts = volts;
        _silent = silent;
        _pooled = pooled;
    }

    public DacSetting Setting { get; }
    public int Count { get; }

    /// <summary>Word-line voltages (V), count x rows, row-major.</summary>
    public ReadOnlySpan<double> Volts => Alive()._volts.AsSpan(0, Count * Setting.Rows);

    /// <summary>Per sample: true when every voltage is exactly 0 V (no read; the ADC's reading of zero).</summary>
    public ReadOnlySpan<bool> Silent => Alive()._silent.AsSpan(0, Count);

    private DacVoltages Alive() => _disposed ? throw new ObjectDisposedException(nameof(DacVoltages)) : this;

    /// <summary>Voltages a batch of <paramref name="count"/> under <paramref name="setting"/> takes (count x rows).</summary>
    public static int Size(DacSetting setting, int count) => count * setting.Rows;

    /// <summary>
    /// The voltages of <paramref name="count"/> samples whose inputs are <paramref name="x"/>, a
    /// count x <see cref="DacSetting.Inputs"/> block read with row stride <paramref name="stride"/>,
    /// in pooled storage returned on <see cref="Dispose"/>.
    /// </summary>
    public static DacVoltages Convert(DacSetting setting, ReadOnlySpan<double> x, int stride, int count) =>
        Convert(setting, x, stride, count,
            ArrayPool<double>.Shared.Rent(Math.Max(1, Size(setting, count))), ArrayPool<bool>.Shared.Rent(Math.Max(1, count)), pooled: true);

    /// <summary>
    /// As <see cref="Convert(DacSetting, ReadOnlySpan{double}, int, int)"/>, into the caller's storage
    /// (<see cref="Size"/> voltages, <paramref name="count"/> flags): the tiles of a layer's block columns
    /// share one buffer, since dozens of same-size pooled arrays returned at once overflow the pool and
    /// come back as fresh pages the kernel must zero.
    /// </summary>
    public static DacVoltages Convert(DacSetting setting, ReadOnlySpan<double> x, int stride, int count, ArraySegment<double> volts, ArraySegment<bool> silent) =>
        Convert(setting, x, stride, count, volts, silent, pooled: false);

    private static DacVoltages Convert(DacSetting setting, ReadOnlySpan<double> x, int stride, int count, ArraySegment<double> volts, ArraySegment<bool> silent, bool pooled)
    {
        int m = setting.Rows, inputs = setting.Inputs;
        if (inputs > m) throw new ArgumentException($"{inputs} inputs on {m} rows");
        if (stride < inputs) throw new ArgumentException($"row stride {stride} below the {inputs} inputs");
        if (count > 0 && x.Length < (long)(count - 1) * stride + inputs) throw new ArgumentException($"{count} samples need more than {x.Length} inputs");
        var result = new DacVoltages(setting, count, volts, silent, pooled);
        try
        {
            var dac = new Dac(setting.Input);
            for (int s = 0; s < count; s++)
            {
                var row = volts.AsSpan(s * m, m);
                silent[s] = !dac.Voltages(x.Slice(s * stride, inputs), setting.InputScale, row);
                row[inputs..].Clear();
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_pooled) return;
        ArrayPool<double>.Shared.Return(_volts.Array!);
        ArrayPool<bool>.Shared.Return(_silent.Array!);
    }
}
