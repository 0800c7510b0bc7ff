using System.Text.Json;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Tests.NonIdealities;

/// <summary>Device parameters and non-idealities are config records: they must survive System.Text.Json.</summary>
public class JsonRoundTripTests
{
    private static readonly JsonSerializerOptions Strict = new() { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    [Fact]
    public void When_NonIdealitiesSerialized_Expect_SameValuesBack()
    {
        var ni = new DeviceNonIdealities
        {
            Spread = new DeviceSpread { SigmaLnResistance = 0.03, SigmaLnTmr = 0.04 },
            Programming = new GranularProgrammingError { Grains = 64, FloorSiemens = 2e-7 },
            Offsets = new StateOffsets { SigmaNl = 50, SigmaPerp = 25 },
            Read = new PcmReadNoise { Time = 3600 },
        };
        var json = JsonSerializer.Serialize(ni, Strict);
        var back = JsonSerializer.Deserialize<DeviceNonIdealities>(json, Strict)!;
        Assert.Equal(ni, back);
        Assert.Contains("\"kind\":\"granular\"", json);
    }

    [Fact]
    public void When_MtjParametersSerialized_Expect_SameModelBack()
    {
        var p = new MtjParameters { States = 3, ParallelFractions = [0, 0.4, 1], HalfBiasVoltage = 0.45 };
        var back = JsonSerializer.Deserialize<MtjParameters>(JsonSerializer.Serialize(p, Strict), Strict)!;
        Assert.Equal(p.ParallelFractions, back.ParallelFractions);
        Assert.Equal(new MtjDevice(p).Current(0.3, 1), new MtjDevice(back).Current(0.3, 1));
    }

    [Fact]
    public void When_JsonHasInvalidValue_Expect_ErrorNamingField()
    {
        var e = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<StateOffsets>("{\"SigmaNl\": -5}"));
        var invalid = e as InvalidInputException ?? e.InnerException as InvalidInputException;
        Assert.NotNull(invalid);
        Assert.Contains("SigmaNl", invalid!.Message);
    }
}
