using Xbar.Devices.Linear;
using Xbar.Devices.Mtj;
using Xbar.Devices.Pcm;
using Xbar.Devices.Rram;

namespace Xbar.Devices;

/// <summary>Device models by name (as on the command line: <c>mtj</c>, <c>rram</c>, <c>pcm</c>, <c>linear</c>) with published defaults.</summary>
public static class DeviceCatalog
{
    /// <summary>The accepted device names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mtj", "rram", "pcm", "linear"];

    /// <summary>A model of kind <paramref name="name"/> (case-insensitive) with <paramref name="states"/> states and default parameters.</summary>
    /// <exception cref="InvalidInputException">Unknown name, or a state count the device does not support.</exception>
    public static IDeviceModel Create(string name, int states) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "mtj" => new MtjDevice(new MtjParameters { States = states }),
        "rram" => new RramDevice(new RramParameters { States = states }),
        "pcm" => new PcmDevice(new PcmParameters { States = states }),
        "linear" => new LinearDevice(new LinearParameters { States = states }),
        _ => throw new InvalidInputException($"unknown device '{name}'; expected one of: {string.Join(", ", Names)}."),
    };
}
