using System.Security.Cryptography;
using System.Text;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// The name of the core/v1 Event that counts one (object, reason, message) pair, as the SQLite store
/// keys its events table: a repeat maps to the same name and bumps its count instead of adding an
/// Event. The object's uid is part of it, so a deleted and re-created object starts counting afresh.
/// </summary>
public static class EventNames
{
    private const int MaxNameLength = 253;
    private const int HashLength = 16;

    public static string For(ObjectKey involved, string? uid, string reason, string message)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', involved.Kind, uid ?? "", reason, message)));
        var suffix = "." + Convert.ToHexString(hash)[..HashLength].ToLowerInvariant();
        var prefix = involved.Name.Length + suffix.Length > MaxNameLength
            ? involved.Name[..(MaxNameLength - suffix.Length)].TrimEnd('.', '-')
            : involved.Name;
        return prefix + suffix;
    }
}
