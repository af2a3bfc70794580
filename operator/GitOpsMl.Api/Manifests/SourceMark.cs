namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A position in a manifest file. Both numbers are 1-based. <see cref="Column"/> counts UTF-16 code units
/// from the start of the line (a tab counts as one column), which is what the YAML parser reports.
/// </summary>
public readonly record struct SourceMark(int Line, int Column)
{
    /// <summary>The start of a file; used for problems that concern the whole file (its size, its encoding).</summary>
    public static SourceMark FileStart { get; } = new(1, 1);

    public override string ToString() => $"{Line}:{Column}";
}
