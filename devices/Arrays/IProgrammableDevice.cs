using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Arrays;

/// <summary>A device model that can be programmed into an array of cells with drawn non-idealities.</summary>
public interface IProgrammableDevice : IDeviceModel
{
    /// <summary>
    /// Programs <paramref name="states"/> (rows x cols, values 0..States-1) with the non-idealities
    /// drawn from <paramref name="seed"/>; the same inputs give a bit-identical array.
    /// <paramref name="cycle"/> counts re-programmings of the same array: device-to-device draws
    /// depend on the seed only, cycle-to-cycle draws on seed and cycle (<see cref="RandomStreams.ForCycle"/>).
    /// </summary>
    ICellArray Program(int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0);
}
