namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A problem that kept (part of) a file from loading. <see cref="Mark"/> is where it was found, or
/// <see cref="SourceMark.FileStart"/> for problems of the whole file. <see cref="DocumentIndex"/> is the
/// 0-based document it belongs to, when it belongs to one.
/// </summary>
public sealed record ManifestLoadError(SourceMark Mark, string Message)
{
    public ManifestLoadErrorKind Kind { get; init; }

    public int? DocumentIndex { get; init; }

    /// <summary><c>file:line:column: message</c>.</summary>
    public string Format(string fileName) => $"{fileName}:{Mark.Line}:{Mark.Column}: {Message}";
}
