using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GitOpsMl.Training;

/// <summary>
/// Makes CPU results bit-reproducible across runs. libtorch's CPU build calls MKL, which by
/// default picks kernels by the memory alignment of each buffer, so the same seed gave metrics
/// that differed in the 9th digit from run to run (seen on the churn baseline). MKL_CBWR=COMPATIBLE
/// fixes the code path. MKL reads it once at load, so it is set in the native environment
/// (.NET's Environment.SetEnvironmentVariable does not reach native code on Unix) as soon as this
/// assembly loads, before any TorchSharp call. A value the user set is kept.
/// </summary>
internal static class NumericReproducibility
{
    public const string Variable = "MKL_CBWR";
    public const string Value = "COMPATIBLE";

#pragma warning disable CA2255 // a library module initializer is the point: it must run before libtorch loads, whoever calls first
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        _ = SetEnv(Variable, Value, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
