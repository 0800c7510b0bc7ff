namespace Xbar.Netlists.Tests;

/// <summary>Paths of the sample netlists copied next to the test assembly.</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Data");

    public static string Path_(string relative) => Path.Combine(Root, relative);

    public static IEnumerable<object[]> Files(string folder) =>
        Directory.GetFiles(Path.Combine(Root, folder), "*.cir").Order().Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>Reads text expecting failure; returns the diagnostics.</summary>
    public static IReadOnlyList<NetlistDiagnostic> Reject(string text, string file = "<input>") =>
        Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadText(text, file)).Diagnostics;
}
