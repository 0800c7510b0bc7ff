using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Devices;
using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;
using Xbar.Devices.Pcm;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Adapter from the tile config to <c>devices/</c>: builds the device model with the mapping's
/// level positions as its states and programs the mapped states with the config's
/// non-idealities, drawn from the seed (devices' <see cref="CellArrayFactory"/>).
/// </summary>
public static class CellProgrammer
{
    /// <summary>Lowest and highest zero-bias conductance of the device (S): the mapping's range.</summary>
    public static (double Low, double High) ConductanceRange(DeviceConfig dev)
    {
        var g = dev.NominalConductances();
        return (g[0], g[^1]);
    }

    /// <summary>The non-idealities of the config as devices' record.</summary>
    public static DeviceNonIdealities NonIdealities(DeviceConfig dev)
    {
        var (lo, hi) = ConductanceRange(dev);
        return new DeviceNonIdealities
        {
            Spread = new DeviceSpread { SigmaLnResistance = dev.DeviceSpreadSigma, SigmaLnTmr = dev.Kind == DeviceKind.Mtj ? dev.DeviceSpreadSigma : 0 },
            Programming = dev.PcmModel is { ProgrammingNoise: true }
                ? new PcmProgrammingError()
                : dev.ProgrammingSigma > 0
                    ? new GaussianProgrammingError { SigmaSiemens = dev.ProgrammingSigma * (hi - lo) }
                    : ProgrammingError.None,
            Offsets = new StateOffsets { SigmaNl = dev.SigmaNlOhm, SigmaPerp = dev.SigmaPerpOhm },
        };
    }

    /// <summary>
    /// Programs the mapped weights; the same seed gives a bit-identical array. <paramref name="cycle"/>
    /// re-programs the same devices: a new programming error (and PCM read noise), the same spread,
    /// offsets and PCM drift exponents.
    /// </summary>
    public static ICellArray Program(DeviceConfig dev, MappedWeights mapped, int seed, int cycle = 0)
    {
        var (lo, hi) = ConductanceRange(dev);
        // Unquantized linear cells: the target conductances themselves.
        if (dev.Kind == DeviceKind.Linear && mapped.LevelFractions.Length == 2 && IsContinuous(mapped))
            return new LinearCellArray(mapped.Conductance);

        // States as sorted distinct level positions (the reference level may sit between others).
        var distinct = mapped.LevelFractions.Distinct().Order().ToArray();
        var remap = mapped.LevelFractions.Select(f => Array.IndexOf(distinct, f)).ToArray();
        int rows = mapped.Rows, cols = mapped.PhysicalCols;
        var states = new int[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                states[i, j] = remap[mapped.States[i, j]];
        if (distinct.Length < 2) distinct = [0.0, 1.0];
        var ni = NonIdealities(dev);

        if (dev.Kind == DeviceKind.Mtj)
        {
            var p = new MtjParameters
            {
                ResistanceParallel = dev.RpOhm,
                Tmr0 = dev.Tmr0,
                HalfBiasVoltage = dev.TmrHalfVoltageV,
                States = distinct.Length,
                ParallelFractions = distinct,
            };
            return CellArrayFactory.Program(new MtjDevice(p), states, ni, seed, cycle);
        }
        var levels = distinct.Select(f => lo + (hi - lo) * f).ToArray();
        if (dev.PcmModel is { } pcm)
            return CellArrayFactory.Program(new PcmDevice(PcmParameters(dev, pcm, levels)), states, ni, seed, cycle);
        return new LinearCellArray(ConductanceProgramming.Draw(levels, hi, states, ni, seed, cycle));
    }

    /// <summary>The devices/ PCM parameters of a PCM tile: its levels, G_max as the model's normalization, its read time and switches.</summary>
    public static PcmParameters PcmParameters(DeviceConfig dev, PcmConfig pcm, double[] levels) => new()
    {
        States = levels.Length,
        MinConductance = levels[0],
        MaxConductance = dev.GMaxS,
        Levels = levels,
        Time = dev.ReadTimeS,
        ReferenceTime = pcm.ReferenceTimeS,
        Drift = pcm.Drift,
        DriftVariability = pcm.DriftVariability,
        ReadNoise = pcm.ReadNoise,
    };

    // Unquantized mappings put every cell at its own conductance (state 0 everywhere).
    private static bool IsContinuous(MappedWeights m)
    {
        foreach (int s in m.States) if (s != 0) return false;
        return true;
    }
}
