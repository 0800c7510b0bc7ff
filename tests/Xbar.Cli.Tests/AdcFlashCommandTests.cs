using System.CommandLine;

namespace Xbar.Cli.Tests;

/// <summary>Tests that swap the process-wide Console.Error run alone (no other test class in parallel).</summary>
[CollectionDefinition("console-error", DisableParallelization = true)]
public sealed class ConsoleErrorCollection;

/// <summary>
/// `xbar adc flash` bad input: a clear message and exit 2 before any simulation starts. The command
/// writes its message to Console.Error, so these tests capture it in a non-parallel collection.
/// </summary>
[Collection("console-error")]
public sealed class AdcFlashCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-adc-flash-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = Program.BuildRoot().Parse(["adc", "flash", "--states", "4", "--mc", "0", "--out", Path.Combine(_dir, "out"), .. args])
                .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    [Fact]
    public void When_BitsAre9_Expect_Exit2()
    {
        var (exit, err) = Run("--bits", "9");
        Assert.Equal(2, exit);
        Assert.Contains("bits", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void When_TmrSweepIsEmpty_Expect_Exit2()
    {
        var (exit, err) = Run("--bits", "2", "--tmr-sweep", "2:1:0.1");
        Assert.Equal(2, exit);
        Assert.Contains("--tmr-sweep", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("a/b")]
    [InlineData("1")]
    public void When_ShardIsBad_Expect_Exit2(string shard)
    {
        var (exit, err) = Run("--bits", "2", "--shard", shard);
        Assert.Equal(2, exit);
        Assert.Contains("shard", err);
        Assert.DoesNotContain("   at ", err);
    }
}
