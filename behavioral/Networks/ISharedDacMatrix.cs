using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// A programmed matrix that can read a DAC pass converted once for several tiles (<see cref="DacVoltages"/>):
/// the tiles of one block column read the same inputs, and where their DACs are set alike one
/// conversion serves them all, with the same outputs bit for bit as each converting its own.
/// </summary>
public interface ISharedDacMatrix : IProgrammedMatrix
{
    /// <summary>The DAC setting of a batch of <paramref name="count"/> samples, or null where this matrix converts inside its own reads.</summary>
    DacSetting? SharedDac(int count);

    /// <summary><see cref="IProgrammedMatrix.MultiplyBatch"/> of <see cref="DacVoltages.Count"/> samples from voltages converted under <see cref="SharedDac"/>.</summary>
    void MultiplyVoltages(DacVoltages voltages, Span<double> y);
}
