namespace GitOpsMl.Serving.Bundles;

/// <summary>A bundle was refused: unreadable, malformed, tampered with (sha256 mismatch) or not loadable by ONNX Runtime.</summary>
public sealed class BundleLoadException(string directory, string reason, Exception? inner = null)
    : Exception($"bundle {directory}: {reason}", inner)
{
    public string Directory { get; } = directory;

    /// <summary>The reason alone, as reported in model status and logs.</summary>
    public string Reason { get; } = reason;
}
