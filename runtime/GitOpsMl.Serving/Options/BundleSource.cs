namespace GitOpsMl.Serving.Options;

/// <summary>One bundle folder to load; <paramref name="Name"/> null = the manifest's model name.</summary>
public sealed record BundleSource(string? Name, string Path)
{
    /// <summary>Parses `NAME=DIR` or `DIR` (the form of `--bundle`).</summary>
    public static BundleSource Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var eq = text.IndexOf('=');
        if (eq <= 0)
        {
            return new BundleSource(null, text);
        }
        var name = text[..eq].Trim();
        var path = text[(eq + 1)..].Trim();
        if (path.Length == 0)
        {
            throw new FormatException($"--bundle '{text}': expected NAME=DIR with a folder after '='.");
        }
        return new BundleSource(name, path);
    }
}
