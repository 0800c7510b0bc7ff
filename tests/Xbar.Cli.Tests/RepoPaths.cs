namespace Xbar.Cli.Tests;

/// <summary>The checkout the tests were built from (the folder holding Circuit.sln above the test assembly).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Examples => Path.Combine(Root, "examples");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Circuit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Circuit.sln not found above the test assembly");
    }
}
