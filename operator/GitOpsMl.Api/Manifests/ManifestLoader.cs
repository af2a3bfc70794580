using System.Globalization;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Turns the bytes of one manifest file into positioned node trees, one per YAML document, or into precise
/// errors. Safe on hostile input: every cost is bounded by <see cref="ManifestLoadLimits"/>, and problems
/// come back as <see cref="ManifestLoadResult.Errors"/>, never as exceptions. Does no file I/O.
/// </summary>
/// <remarks>
/// What it accepts: UTF-8 (a BOM is fine) YAML 1.2 with the core schema, several documents per file,
/// anchors and aliases (expanded within the node budget), merge keys <c>&lt;&lt;</c>. What it refuses:
/// files over the size limit, non-UTF-8 or binary content, syntax errors, duplicate keys, non-scalar keys,
/// tags other than the core ones, and anything past a limit. After a syntax error it resumes at the next
/// <c>---</c> line, so later documents are still checked; limit errors stop the file.
/// </remarks>
public static class ManifestLoader
{
    public static ManifestLoadResult Load(string displayFileName, byte[] bytes, ManifestLoadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Load(displayFileName, bytes.AsSpan(), limits);
    }

    /// <summary>The refusal of a file over the size limit, for callers that know its size without reading it.</summary>
    public static ManifestLoadResult TooLarge(string displayFileName, long length, ManifestLoadLimits? limits = null)
    {
        limits ??= ManifestLoadLimits.Default;
        return Failed(
            displayFileName,
            new ManifestLoadError(
                SourceMark.FileStart,
                string.Create(CultureInfo.InvariantCulture, $"the file is {length} bytes, more than the limit of {limits.MaxFileBytes} bytes; it was not parsed"))
            { Kind = ManifestLoadErrorKind.FileTooLarge });
    }

    public static ManifestLoadResult Load(string displayFileName, ReadOnlySpan<byte> bytes, ManifestLoadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(displayFileName);
        limits ??= ManifestLoadLimits.Default;
        limits.Validate();

        if (bytes.Length > limits.MaxFileBytes)
        {
            return TooLarge(displayFileName, bytes.Length, limits);
        }

        var encodingError = ManifestText.TryDecode(bytes, out string text);
        if (encodingError is not null)
        {
            return Failed(displayFileName, encodingError);
        }

        return new ManifestLoadSession(text, limits).Run(displayFileName);
    }

    private static ManifestLoadResult Failed(string fileName, ManifestLoadError error) =>
        new(fileName, [], [error]);
}
