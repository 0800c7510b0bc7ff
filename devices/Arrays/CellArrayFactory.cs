using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Arrays;

/// <summary>Builds programmed cell arrays from a device model, a state matrix and non-idealities.</summary>
public static class CellArrayFactory
{
    /// <summary>
    /// Programs a rows x cols array: cell (i, j) is set to state <c>states[i, j]</c> of
    /// <paramref name="model"/>, then device spread, programming error and the Moureaux offsets of
    /// <paramref name="nonIdealities"/> are drawn from <paramref name="seed"/> (read noise is not:
    /// it is drawn per read). Same arguments, bit-identical array; <paramref name="cycle"/> re-programs
    /// the same devices (new programming error, same spread and offsets).
    /// </summary>
    /// <exception cref="InvalidInputException">Empty state matrix or a state outside 0..N-1 (named by cell).</exception>
    public static ICellArray Program(IDeviceModel model, int[,] states, DeviceNonIdealities nonIdealities, int seed, int cycle = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(nonIdealities);
        ValidateStates(states, model.States);
        return model is IProgrammableDevice device
            ? device.Program(states, nonIdealities, seed, cycle)
            : throw new InvalidInputException($"device '{model.Name}' cannot be programmed into an array.");
    }

    /// <summary>An ideal array (no non-idealities).</summary>
    public static ICellArray Program(IDeviceModel model, int[,] states) => Program(model, states, DeviceNonIdealities.Ideal, 0);

    /// <summary>Checks the state matrix is non-empty and every entry is in 0..states-1.</summary>
    public static void ValidateStates(int[,] states, int stateCount)
    {
        CellCheck.NotEmpty(states, "state matrix");
        for (int i = 0; i < states.GetLength(0); i++)
            for (int j = 0; j < states.GetLength(1); j++)
                CellCheck.State(states[i, j], stateCount, i, j);
    }
}
