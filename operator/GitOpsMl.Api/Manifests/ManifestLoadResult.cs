namespace GitOpsMl.Api.Manifests;

/// <summary>
/// What <see cref="ManifestLoader.Load(string, ReadOnlySpan{byte}, ManifestLoadLimits?)"/> made of one file.
/// <see cref="Documents"/> holds only the documents that loaded without error, in file order; every problem
/// is in <see cref="Errors"/>, in the order found.
/// </summary>
public sealed record ManifestLoadResult(
    string FileName,
    IReadOnlyList<LoadedDocument> Documents,
    IReadOnlyList<ManifestLoadError> Errors)
{
    public bool Success => Errors.Count == 0;

    /// <summary>Each error as <c>file:line:column: message</c>.</summary>
    public IEnumerable<string> FormatErrors() => Errors.Select(e => e.Format(FileName));
}
