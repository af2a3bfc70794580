namespace GitOpsMl.Api.Manifests;

/// <summary>What kind of problem a <see cref="ManifestLoadError"/> reports, for callers that branch on it.</summary>
public enum ManifestLoadErrorKind
{
    /// <summary>The YAML parser failed in an unexpected way.</summary>
    ParserFailure,

    /// <summary>The file is larger than <see cref="ManifestLoadLimits.MaxFileBytes"/>.</summary>
    FileTooLarge,

    /// <summary>The file is not UTF-8 text: invalid UTF-8, a UTF-16/32 byte order mark.</summary>
    InvalidEncoding,

    /// <summary>The file holds NUL bytes or control characters YAML does not allow: it looks binary.</summary>
    BinaryContent,

    /// <summary>A YAML syntax error reported by the parser.</summary>
    Syntax,

    DuplicateKey,

    /// <summary>A mapping key that is a mapping or a sequence.</summary>
    NonScalarKey,

    /// <summary>A tag other than the core <c>!!str !!int !!float !!bool !!null !!map !!seq</c>.</summary>
    UnsupportedTag,

    /// <summary>A core tag on content it does not fit, such as <c>!!int abc</c> or <c>!!map</c> on a sequence.</summary>
    InvalidTaggedValue,

    /// <summary>An alias to an anchor not defined earlier in the same document.</summary>
    UnknownAlias,

    /// <summary>A merge key <c>&lt;&lt;</c> whose value is not a mapping or a sequence of mappings.</summary>
    InvalidMerge,

    /// <summary>Nesting deeper than <see cref="ManifestLoadLimits.MaxDepth"/>.</summary>
    DepthLimit,

    /// <summary>More nodes than <see cref="ManifestLoadLimits.MaxNodes"/>, counting alias expansion.</summary>
    NodeLimit,

    /// <summary>A scalar longer than <see cref="ManifestLoadLimits.MaxScalarLength"/>.</summary>
    ScalarTooLong,

    /// <summary>More documents than <see cref="ManifestLoadLimits.MaxDocuments"/>.</summary>
    DocumentLimit,

    /// <summary>More errors than <see cref="ManifestLoadLimits.MaxErrors"/>; the loader stopped.</summary>
    TooManyErrors,
}
