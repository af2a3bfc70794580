using System.Security.Cryptography;

namespace GitOpsMl.Serving.Routing;

/// <summary>Reads the routing file and tells whether its content changed since the last read (by sha256, so touch without change is not a reload).</summary>
public sealed class RoutingFileState(string path)
{
    private byte[]? _lastHash;

    public string Path { get; } = path;

    /// <summary>The new content, or null when the file is unchanged or absent.</summary>
    public byte[]? ReadIfChanged()
    {
        byte[] content;
        try
        {
            if (!File.Exists(Path)) return null;
            content = File.ReadAllBytes(Path);
        }
        catch (IOException)
        {
            return null; // being replaced right now; the next poll sees the new file
        }
        var hash = SHA256.HashData(content);
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash)) return null;
        _lastHash = hash;
        return content;
    }
}
