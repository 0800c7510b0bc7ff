namespace Xbar.Netlists.Tests;

/// <summary>
/// User errors must always surface as <see cref="NetlistValidationException"/> (file:line
/// messages, exit 2), never as a crash: seeded random mutations of the valid samples are read and
/// must either parse or be rejected with diagnostics.
/// </summary>
public class FuzzTests
{
    private const string Alphabet = " \t\n+*;$=(){}',.-0123456789kKmMuUnNpPfFgGtTeEaAbBcCdDiIlLrRsSvVwWxXhH:";

    [Fact]
    public void When_SamplesRandomlyMutated_Expect_OnlyValidationExceptions()
    {
        var samples = Directory.GetFiles(Path.Combine(TestData.Root, "valid"), "*.cir").Order().Select(File.ReadAllText).ToArray();
        var random = new Random(20261123);
        for (int i = 0; i < 3000; i++)
        {
            var text = Mutate(samples[random.Next(samples.Length)], random);
            try
            {
                var netlist = NetlistReader.ReadText(text, "fuzz.cir");
                Assert.Equal(netlist, NetlistReader.ReadText(NetlistWriter.Write(netlist), "fuzz.cir"));
            }
            catch (NetlistValidationException e)
            {
                Assert.NotEmpty(e.Diagnostics);
                Assert.All(e.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} crashed the reader with {e.GetType().Name}: {e.Message}\n--- input ---\n{text}");
            }
        }
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        int edits = random.Next(1, 6);
        for (int k = 0; k < edits && chars.Count > 0; k++)
        {
            int at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                default: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
            }
        }
        return new string(chars.ToArray());
    }
}
