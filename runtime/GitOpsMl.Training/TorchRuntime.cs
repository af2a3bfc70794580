using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace GitOpsMl.Training;

/// <summary>What a training run records about its torch runtime (lineage).</summary>
/// <param name="TorchSharpVersion">Version of the TorchSharp managed assembly.</param>
/// <param name="LibTorchVersion">libtorch version: TorchSharp's <c>torch.__version__</c>, or the PyTorch version of <see cref="LibTorchDirectory"/> when known.</param>
/// <param name="LibTorchDirectory">Directory libtorch was loaded from, or null for the libtorch NuGet package next to the app.</param>
/// <param name="Device">The device training runs on, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
/// <param name="CudaAvailable">Whether the loaded libtorch sees a CUDA device.</param>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion, string LibTorchVersion, string? LibTorchDirectory, string Device, bool CudaAvailable)
{
    public override string ToString() =>
        $"TorchSharp {TorchSharpVersion}, libtorch {LibTorchVersion} ({LibTorchDirectory ?? "NuGet"}), device {Device}";
}

/// <summary>
/// Loads libtorch and picks the device. Call <see cref="Initialize"/> (or <see cref="ResolveDevice"/>,
/// which calls it) before any other TorchSharp call.
/// </summary>
/// <remarks>
/// By default TorchSharp loads the libtorch shipped with the app (the libtorch-cpu NuGet package, next to
/// libLibTorchSharp.so under runtimes/linux-x64/native). A directory given to <see cref="Initialize"/> or in
/// <c>GITOPSML_LIBTORCH_DIR</c> (e.g. a PyTorch installation's <c>torch/lib</c>, which has CUDA) is loaded
/// instead: libc10, libc10_cuda, libtorch_cpu, libtorch_cuda, libtorch, then libLibTorchSharp.so (the directory's,
/// else the app's); TorchSharp's DllImports are routed to that handle, and its own by-name loads then find the
/// libraries already loaded (by soname). The app must not ship the NuGet libtorch as well (build with
/// <c>-p:GitOpsMlBundleLibTorch=false</c>): that is checked, since two libtorch in one process abort.
/// </remarks>
public static class TorchRuntime
{
    public const string LibTorchDirectoryVariable = "GITOPSML_LIBTORCH_DIR";

    private static readonly string[] LoadOrder = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];
    private static readonly string[] Required = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, IntPtr> Handles = new(StringComparer.Ordinal);
    private static bool _initialized;
    private static string? _libTorchDirectory;

    /// <summary>The directory libtorch was loaded from; null when TorchSharp uses the NuGet libtorch.</summary>
    public static string? LibTorchDirectory { get { lock (Gate) return _libTorchDirectory; } }

    /// <summary>
    /// Loads libtorch from <paramref name="directory"/>, else from <c>GITOPSML_LIBTORCH_DIR</c>, else leaves
    /// TorchSharp to its default (NuGet) libtorch. Idempotent; a different directory after the first call throws,
    /// as a process can hold only one libtorch.
    /// </summary>
    public static void Initialize(string? directory = null)
    {
        if (string.IsNullOrWhiteSpace(directory))
            directory = Environment.GetEnvironmentVariable(LibTorchDirectoryVariable);
        var full = string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory.Trim());
        lock (Gate)
        {
            if (_initialized)
            {
                if (full != null && full != _libTorchDirectory)
                {
                    throw new InvalidOperationException(
                        $"libtorch is already loaded from {_libTorchDirectory ?? "the TorchSharp NuGet packages"}; cannot switch to {full} in the same process.");
                }

                return;
            }
            if (full != null) LoadFrom(full);
            _libTorchDirectory = full;
            _initialized = true;
        }
    }

    private static void LoadFrom(string dir)
    {
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"libtorch directory {dir} (from the option or {LibTorchDirectoryVariable}) does not exist.");
        var missing = Required.Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"{dir} is not a libtorch directory: {string.Join(", ", missing)} missing. Expected e.g. a PyTorch installation's torch/lib.");
        }

        EnsureNoBundledLibTorch(dir);

        foreach (var file in LoadOrder)
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path)) Handles[Stem(file)] = NativeLibrary.Load(path);
        }
        Handles["LibTorchSharp"] = NativeLibrary.Load(FindLibTorchSharp(dir));
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                "Cannot route TorchSharp to the libtorch in " + dir + ": another DllImport resolver is set on TorchSharp.", e);
        }
    }

    /// <summary>
    /// TorchSharp's first call loads "torch_cpu" by name, and NativeLibrary finds the app's own copy first when the
    /// libtorch NuGet natives were deployed (runtimes/linux-x64/native/libtorch_cpu.so): a second libtorch in the
    /// process, which aborts ("Tried to register multiple backend fallbacks"). Refuse that with a clear message.
    /// </summary>
    private static void EnsureNoBundledLibTorch(string dir)
    {
        string[] appDirs = [Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory];
        var clashes = (from appDir in appDirs
                       from file in LoadOrder
                       let bundled = Path.Combine(appDir, file)
                       where File.Exists(bundled) && RealPath(bundled) != RealPath(Path.Combine(dir, file))
                       select bundled).ToList();
        if (clashes.Count > 0)
        {
            throw new InvalidOperationException(
                $"{LibTorchDirectoryVariable}={dir} asks for that libtorch, but this application also ships libtorch " +
                $"({string.Join(", ", clashes)}), which TorchSharp would load too. Build or publish it with " +
                "-p:GitOpsMlBundleLibTorch=false (see build/torchsharp-native/README.md), or unset " + LibTorchDirectoryVariable + ".");
        }
    }

    private static string RealPath(string path) =>
        Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);

    /// <summary>libLibTorchSharp.so from the libtorch directory if it has one, else the app's (patched where needed) copy.</summary>
    private static string FindLibTorchSharp(string dir)
    {
        const string name = "libLibTorchSharp.so";
        string[] candidates =
        [
            Path.Combine(dir, name),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name),
            Path.Combine(AppContext.BaseDirectory, name),
        ];
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"{name} not found in {dir} nor in the application directory {AppContext.BaseDirectory}.");
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        Handles.TryGetValue(Stem(libraryName), out var handle) ? handle : IntPtr.Zero;

    /// <summary>"libtorch_cpu.so", "torch_cpu" → "torch_cpu"; "libLibTorchSharp.so", "LibTorchSharp" → "LibTorchSharp".</summary>
    private static string Stem(string name)
    {
        var file = Path.GetFileName(name);
        if (file.EndsWith(".so", StringComparison.Ordinal)) file = file[..^3];
        return file.StartsWith("lib", StringComparison.Ordinal) ? file[3..] : file;
    }

    /// <summary>
    /// <c>auto</c> → cuda when <c>torch.cuda.is_available()</c>, else cpu; <c>cpu</c>; <c>cuda</c> or <c>cuda:N</c>,
    /// which fail when CUDA is not available. Initializes the runtime first.
    /// </summary>
    public static torch.Device ResolveDevice(string? device)
    {
        var spec = string.IsNullOrWhiteSpace(device) ? "auto" : device.Trim().ToLowerInvariant();
        if (spec != "auto" && spec != "cpu" && spec != "cuda" && !spec.StartsWith("cuda:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown device '{device}': expected auto, cpu, cuda or cuda:N.", nameof(device));

        Initialize();
        if (spec == "cpu") return torch.CPU;
        var cuda = torch.cuda.is_available();
        if (spec == "auto") return cuda ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;

        if (!cuda)
        {
            throw new InvalidOperationException(
                $"Device '{spec}' was requested but CUDA is not available: the libtorch loaded " +
                $"({LibTorchDirectory ?? "TorchSharp's libtorch-cpu NuGet package"}) has no CUDA support or sees no GPU. " +
                $"Use device 'auto' or 'cpu', or point {LibTorchDirectoryVariable} at a CUDA libtorch (e.g. a PyTorch installation's torch/lib).");
        }

        var index = spec == "cuda" ? 0 : int.TryParse(spec[5..], out var i) && i >= 0 ? i
            : throw new ArgumentException($"Invalid CUDA device index in '{device}'.", nameof(device));
        var count = torch.cuda.device_count();
        if (index >= count)
            throw new InvalidOperationException($"Device '{spec}' was requested but only {count} CUDA device(s) are visible.");
        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Versions and device, for the lineage record of a training run.</summary>
    public static TorchRuntimeInfo Describe(torch.Device device)
    {
        Initialize();
        var assembly = typeof(torch).Assembly;
        var torchSharp = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                         ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var dir = LibTorchDirectory;
        var libTorch = (dir == null ? null : PyTorchVersion(dir)) ?? torch.__version__;
        return new TorchRuntimeInfo(torchSharp, libTorch, dir, device.ToString(), torch.cuda.is_available());
    }

    /// <summary>For a PyTorch installation's torch/lib, the version in torch/version.py (<c>__version__ = '2.11.0+cu128'</c>).</summary>
    private static string? PyTorchVersion(string libDir)
    {
        var file = Path.Combine(libDir, "..", "version.py");
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("__version__", StringComparison.Ordinal));
        return line?.Split('=', 2)[1].Trim().Trim('\'', '"');
    }
}
