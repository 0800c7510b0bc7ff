namespace Xbar.Netlists.Tests;

public class IncludeTests
{
    [Fact]
    public void When_IncludeRelativeToFile_Expect_ElementsWithIncludedFileLocation()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/with_include.cir"));
        var r1 = n.Get<Resistor>("R1");
        Assert.Equal(3000, r1.Resistance);
        Assert.EndsWith("divider_body.inc", r1.Location.File);
        Assert.Equal(3, r1.Location.Line);
        Assert.Single(n.Analyses);
    }

    [Fact]
    public void When_IncludedFileHasError_Expect_DiagnosticNamesIncludedFileAndLine()
    {
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(TestData.Path_("invalid/include_error.cir")));
        var d = Assert.Single(e.Diagnostics);
        Assert.EndsWith("bad_body.inc", d.File);
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void When_IncludeMissingOrCircular_Expect_Diagnostics()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-netlists-");
        try
        {
            var main = Path.Combine(dir.FullName, "main.cir");
            File.WriteAllText(main, "t\nV1 a 0 DC 1\nR1 a 0 1k\n.include \"self.inc\"\n.include nowhere.inc\n");
            File.WriteAllText(Path.Combine(dir.FullName, "self.inc"), "R2 a 0 1k\n.inc self.inc\n");
            var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(main));
            Assert.Contains(e.Diagnostics, d => d.File.EndsWith("self.inc") && d.Line == 2 && d.Message.Contains("circular"));
            Assert.Contains(e.Diagnostics, d => d.File == main && d.Line == 5 && d.Message.Contains("not found"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void When_FileMissing_Expect_InvalidInputWithoutStackTraceText()
    {
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile("/nonexistent/x.cir"));
        Assert.IsAssignableFrom<InvalidInputException>(e);
        Assert.StartsWith("/nonexistent/x.cir:0: cannot read netlist", e.Message);
    }
}
