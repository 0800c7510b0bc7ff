using System.CommandLine;

namespace Xbar.Cli.Tests;

/// <summary>The one invalid-input handler (cli/InvalidInputGuardAction.cs): every command turns a bad input into one message and exit 2.</summary>
public sealed class InvalidInputGuardTests
{
    private static (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    [Theory]
    [InlineData("--components", "-1", "components")]
    [InlineData("--seeds", "one", "--seeds")]
    [InlineData("--adc-bits", "1", "--adc-bits")]
    public void When_StudyOptionIsInvalid_Expect_Exit2AndOneMessageWithoutStackTrace(string option, string value, string named)
    {
        var (exit, err) = Run("study", "pca", "--out", Path.Combine(Path.GetTempPath(), "xbar-guard-test"), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void When_ParallelWorkFailsOnInvalidInput_Expect_Exit2AndItsMessageWithoutStackTrace()
    {
        // A layer's tiles read in Parallel.For: a NaN input reaches the guard inside an AggregateException.
        var command = new RootCommand();
        command.SetAction(_ => { Parallel.For(0, 4, k => { if (k == 2) throw new InvalidInputException("inputs: a value is not a number"); }); return 0; });
        InvalidInputGuardAction.Apply(command);
        var error = new StringWriter();
        int exit = command.Parse([]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.Equal(2, exit);
        Assert.Equal("inputs: a value is not a number", error.ToString().Trim());
    }

    [Fact]
    public void When_MergeGetsMissingFolder_Expect_Exit2()
    {
        var (exit, err) = Run("merge", Path.Combine(Path.GetTempPath(), "xbar-no-such-sweep-folder"));
        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(err));
    }

    [Fact]
    public void When_DemoWeightClipIsUnknown_Expect_ParseErrorExit2() =>
        Assert.Equal(2, Program.Run(["demo", "--weight-clip", "median"], new StringWriter()));

    [Theory]
    [InlineData("--repetitions", "0", "repetitions")]
    [InlineData("--speakers", "1", "max_speakers")]
    [InlineData("--examples", "-1", "--examples")]
    public void When_DataDigitsOptionIsInvalid_Expect_Exit2NamingIt(string option, string value, string named)
    {
        var (exit, err) = Run("data", "digits", "--cache", Path.Combine(Path.GetTempPath(), "xbar-data-guard"), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void When_FashionMnistFolderMissing_Expect_Exit2NamingThePackage()
    {
        var (exit, err) = Run("data", "fashion-mnist", "--dir", Path.Combine(Path.GetTempPath(), "xbar-no-fashion"));
        Assert.Equal(2, exit);
        Assert.Contains("dataset-fashion-mnist", err);
    }
}
