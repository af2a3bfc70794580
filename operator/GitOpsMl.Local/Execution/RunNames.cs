using System.Text.RegularExpressions;

namespace GitOpsMl.Local.Execution;

/// <summary>Run and replica names become folder names: they must be one safe path segment.</summary>
public static partial class RunNames
{
    public static void Check(string name)
    {
        if (!Safe().IsMatch(name))
            throw new ArgumentException($"run name \"{name}\" is not usable as a folder name (lowercase letters, digits, '-', '.', at most 253 characters)", nameof(name));
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$")]
    private static partial Regex Safe();
}
