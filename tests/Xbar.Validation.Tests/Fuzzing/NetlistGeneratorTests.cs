using Xbar.Netlists;
using Xbar.Validation.Fuzzing;

namespace Xbar.Validation.Tests.Fuzzing;

/// <summary>The fuzzer's generated seeds must be valid netlists (so mutants start from something the reader accepts) and reproducible from the seed.</summary>
public class NetlistGeneratorTests
{
    [Fact]
    public void When_500NetlistsGenerated_Expect_EveryOneValid()
    {
        var generator = new NetlistGenerator(42);
        for (int i = 0; i < 500; i++)
        {
            var text = generator.Next();
            var e = Record.Exception(() => NetlistReader.ReadText(text, $"gen{i}.cir"));
            Assert.True(e is null, $"netlist {i} refused:\n{e?.Message}\n---\n{text}");
        }
    }

    [Fact]
    public void When_SameSeed_Expect_SameNetlistsAndMutants()
    {
        var a = new NetlistGenerator(7);
        var b = new NetlistGenerator(7);
        var ma = new NetlistMutator(7, "/tmp/fifo");
        var mb = new NetlistMutator(7, "/tmp/fifo");
        for (int i = 0; i < 50; i++)
        {
            var t = a.Next();
            Assert.Equal(t, b.Next());
            Assert.Equal(ma.Mutate(t), mb.Mutate(t));
        }
    }
}
