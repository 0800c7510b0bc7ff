using System.Reflection;

namespace Xbar.Validation.Networks;

/// <summary>
/// The ImageNet ResNet-18 that the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 ships
/// (opset 8, input 1x3x224x224, 512 features out) and its companion preprocessing model. The package is
/// restored by the build (a data-only PackageReference of this project) and its files stay in the NuGet
/// cache: the folder recorded at build time, else the NuGet root (NUGET_PACKAGES, or ~/.nuget/packages).
/// </summary>
public static class ResNet18Files
{
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.23.1";

    /// <summary>ResNet18.onnx.</summary>
    public static string Model => Find(Path.Combine("ResNet18Onnx", "ResNet18.onnx"));

    /// <summary>ResNetPreprocess.onnx: RGB to BGR, minus a per-pixel ImageNet mean image (see <see cref="ResNetPreprocessing"/>).</summary>
    public static string Preprocess => Find(Path.Combine("ResNetPrepOnnx", "ResNetPreprocess.onnx"));

    /// <summary>The package folders searched, in order.</summary>
    public static IEnumerable<string> PackageFolders()
    {
        var built = typeof(ResNet18Files).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ResNet18Package")?.Value;
        if (!string.IsNullOrEmpty(built)) yield return built;
        string? root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        yield return Path.Combine(root, PackageId.ToLowerInvariant(), PackageVersion);
    }

    private static string Find(string relative)
    {
        var tried = new List<string>();
        foreach (var folder in PackageFolders())
        {
            string path = Path.Combine(folder, "tools", "DnnImageModels", relative);
            if (File.Exists(path)) return path;
            tried.Add(path);
        }
        throw new InvalidInputException(
            $"{Path.GetFileName(relative)} not found (looked in {string.Join(", ", tried)}): it comes with the NuGet package {PackageId} {PackageVersion}; run `make` (or `dotnet restore`) to fetch it");
    }
}
