using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// Builds the command that starts a worker: <c>dotnet exec --runtimeconfig R Xbar.Circuits.dll
/// --ngspice-worker</c>, using the same .NET installation and the same
/// Xbar.Circuits.dll as the running host. This works from any host (the xbar CLI, the xunit
/// testhost, a tool) because it needs nothing but this assembly's file and the runtime already
/// loaded; the runtime config is written once per host process when none sits beside the dll.
/// </summary>
internal static class WorkerLauncher
{
    private static readonly Lazy<string> RuntimeConfig = new(FindOrWriteRuntimeConfig);

    public static ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(DotnetMuxer())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add("--runtimeconfig");
        info.ArgumentList.Add(RuntimeConfig.Value);
        info.ArgumentList.Add(WorkerAssembly);
        info.ArgumentList.Add(NgspiceWorkerMain.Argument);
        // A worker is small and single-threaded in its work: keep its GC light.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_GCgen0size"] = "0x400000";
        return info;
    }

    private static string WorkerAssembly => typeof(NgspiceWorkerMain).Assembly.Location;

    /// <summary>The <c>dotnet</c> executable of the runtime this host runs on.</summary>
    private static string DotnetMuxer()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var process = Environment.ProcessPath;
        if (process != null && Path.GetFileName(process) == exe) return process;

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;

        // .../shared/Microsoft.NETCore.App/<version>/ -> the dotnet root three levels up.
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = Directory.GetParent(runtimeDir)?.Parent?.Parent?.FullName;
        if (root != null && File.Exists(Path.Combine(root, exe))) return Path.Combine(root, exe);

        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(dotnetRoot) && File.Exists(Path.Combine(dotnetRoot, exe)))
            return Path.Combine(dotnetRoot, exe);
        return exe; // from PATH
    }

    private static string FindOrWriteRuntimeConfig()
    {
        var beside = Path.ChangeExtension(WorkerAssembly, ".runtimeconfig.json");
        if (File.Exists(beside)) return beside;

        // Any host: target the exact framework version this process runs on.
        var version = Environment.Version.ToString(3);
        var path = Path.Combine(Path.GetTempPath(), $"xbar-ngspice-worker-{version}.runtimeconfig.json");
        var json = "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + "." + Environment.Version.Minor +
                   "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version + "\"}}}";
        if (!File.Exists(path) || File.ReadAllText(path) != json)
        {
            var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, json);
            File.Move(temp, path, overwrite: true);
        }
        return path;
    }
}
