namespace Xbar.Netlists.Tests;

public class LargeNetlistTests
{
    /// <summary>
    /// A 32x32 crossbar with wire resistance (about 3k elements) and a 20k-resistor series chain
    /// survive write -> read unchanged; the chain guards against recursion depth growing with the
    /// node count in validation.
    /// </summary>
    [Fact]
    public void When_LargeCrossbarAndLongChain_Expect_RoundTripAndValid()
    {
        const int n = 32;
        var random = new Random(7);
        var elements = new List<Element>();
        for (int i = 0; i < n; i++) elements.Add(new VoltageSource($"Vr{i}", $"r{i}_0", "0", 0.2 * random.NextDouble()));
        for (int j = 0; j < n; j++) elements.Add(new VoltageSource($"Vc{j}", $"c{n - 1}_{j}", "0", 0.0));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (j > 0) elements.Add(new Resistor($"Rw{i}_{j}", $"r{i}_{j - 1}", $"r{i}_{j}", 2.5));
                if (i > 0) elements.Add(new Resistor($"Rb{i}_{j}", $"c{i - 1}_{j}", $"c{i}_{j}", 2.5));
                elements.Add(new Resistor($"R{i}_{j}", $"r{i}_{j}", $"c{i}_{j}", 1e4 / (0.1 + random.NextDouble())));
            }
        var crossbar = new Netlist("crossbar", elements, [new OperatingPointAnalysis()]);
        Assert.Equal(crossbar, NetlistReader.ReadText(NetlistWriter.Write(crossbar)));

        const int length = 20_000;
        var chain = new List<Element> { new VoltageSource("V1", "n0", "0", 1.0), new Resistor("Rend", $"n{length}", "0", 1) };
        for (int k = 0; k < length; k++) chain.Add(new Resistor($"R{k}", $"n{k}", $"n{k + 1}", 1));
        Assert.Empty(NetlistValidator.Validate(new Netlist("chain", chain)));
    }
}
