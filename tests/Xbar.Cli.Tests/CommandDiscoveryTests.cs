using System.CommandLine;
using Xbar.Cli.Commands;

namespace Xbar.Cli.Tests;

/// <summary>
/// A command line builds only its verb when the verb's class is named by the convention, every verb
/// follows it (so every call starts on the short path), and what a verb prints is the same either way.
/// </summary>
public class CommandDiscoveryTests
{
    private static readonly string[] Verbs = Program.BuildRoot().Subcommands.Select(c => c.Name).ToArray();

    [Fact]
    public void When_EveryVerbIsLookedUpByName_Expect_ItsOwnCommand()
    {
        Assert.True(Verbs.Length >= 10, $"{Verbs.Length} verbs");
        foreach (var verb in Verbs)
        {
            var root = Program.RootFor([verb, "--help"]);
            Assert.Equal(verb, Assert.Single(root.Subcommands).Name);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("nosuch")]
    [InlineData("Crossbar")]
    [InlineData("@args.rsp")]
    public void When_FirstArgumentIsNoVerb_Expect_EveryVerb(string first)
    {
        Assert.Equal(Verbs, Program.RootFor([first]).Subcommands.Select(c => c.Name));
        Assert.Equal(Verbs, Program.RootFor([]).Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("crossbar", "CrossbarCommand")]
    [InlineData("train-cnn", "TrainCnnCommand")]
    [InlineData("x2", "X2Command")]
    [InlineData("--version", "")]
    [InlineData("a.b", "")]
    [InlineData("", "")]
    public void When_VerbGiven_Expect_ConventionalClassName(string verb, string expected)
    {
        Assert.Equal(expected, CommandDiscovery.ClassName(verb));
    }

    [Fact]
    public void When_AVerbsHelpIsPrinted_Expect_TheSameTextFromEitherRoot()
    {
        foreach (var verb in Verbs)
        {
            Assert.Equal(Help(Program.BuildRoot(), verb), Help(Program.RootFor([verb, "--help"]), verb));
        }
    }

    private static string Help(RootCommand root, string verb)
    {
        var output = new StringWriter();
        root.Parse([verb, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        return output.ToString();
    }
}
