using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

public class EngineTransientRunnerTests
{
    [Fact]
    public void When_ReadRunOnEngine_Expect_SameResultAsNgspiceBatchProcess()
    {
        var point = new CellReadPoint(1.74, 4, 2, 3);
        using var engine = new EngineTransientRunner(1);
        var viaEngine = new CellReadMonteCarlo(engine).Run(point, 11, 1);
        var viaProcess = new CellReadMonteCarlo(new NgspiceProcessRunner()).Run(point, 11, 1);
        Assert.Equal(viaProcess.CodeErrorRate, viaEngine.CodeErrorRate);
        Assert.Equal(viaProcess.LatencyNs, viaEngine.LatencyNs, viaProcess.LatencyNs * 1e-3);
        Assert.Equal(viaProcess.EnergyFj, viaEngine.EnergyFj, viaProcess.EnergyFj * 1e-3);
    }
}
