using System.Globalization;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// resources.cpu of a Deployment as the local executor honours it: ONNX Runtime intra-op threads per
/// replica, one per whole core granted and at least one (500m: 1, 2: 2, 2500m: 2). Null without cpu, or
/// for a quantity beyond plain cores and millicores (the schema's pattern allows e.g. 1k), which keeps
/// the server's default of 1.
/// </summary>
public static class CpuThreads
{
    /// <summary>More threads than this buys nothing for one Run() of a tabular model.</summary>
    public const int Max = 64;

    public static int? For(string? cpu)
    {
        if (string.IsNullOrEmpty(cpu)) return null;
        var milli = cpu.EndsWith('m');
        if (!double.TryParse(milli ? cpu[..^1] : cpu, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        var cores = milli ? value / 1000 : value;
        return (int)Math.Clamp(Math.Floor(cores), 1, Max);
    }
}
