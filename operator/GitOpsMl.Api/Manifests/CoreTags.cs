using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// The YAML core schema's tags, the only ones a manifest may carry: what a tagged scalar resolves to, which
/// tag fits which collection, and how a tag is shown in a message. Problems come back unreported (their
/// document is the session's to decide).
/// </summary>
internal static class CoreTags
{
    public const string Prefix = "tag:yaml.org,2002:";
    public const string List = "!!str, !!int, !!float, !!bool, !!null, !!map, !!seq";

    /// <summary>
    /// The kind of the scalar <paramref name="value"/> tagged <paramref name="tag"/>; a scalar whose tag does
    /// not fit it is a string, with the reason in <paramref name="problem"/>.
    /// </summary>
    public static ScalarKind ResolveScalar(string tag, string value, SourceMark mark, out ManifestLoadError? problem)
    {
        problem = null;
        if (tag == "!")
        {
            // The non-specific tag: "! 12" is the string "12".
            return ScalarKind.String;
        }

        (ScalarKind Kind, bool Fits)? resolved = tag switch
        {
            Prefix + "str" => (ScalarKind.String, true),
            Prefix + "int" => (ScalarKind.Int, CoreSchema.IsInt(value)),
            Prefix + "float" => (ScalarKind.Float, CoreSchema.IsFloat(value) || CoreSchema.IsInt(value)),
            Prefix + "bool" => (ScalarKind.Bool, CoreSchema.IsBool(value)),
            Prefix + "null" => (ScalarKind.Null, CoreSchema.IsNull(value)),
            _ => null,
        };

        if (resolved is null)
        {
            problem = tag is Prefix + "map" or Prefix + "seq"
                ? new ManifestLoadError(mark, $"tag {Display(tag)} cannot be used on a scalar") { Kind = ManifestLoadErrorKind.InvalidTaggedValue }
                : Unsupported(tag, mark);
            return ScalarKind.String;
        }

        if (!resolved.Value.Fits)
        {
            problem = new ManifestLoadError(mark, $"'{UserText.Shorten(value)}' is not a valid {Display(tag)} value")
            {
                Kind = ManifestLoadErrorKind.InvalidTaggedValue,
            };
            return ScalarKind.String;
        }

        return resolved.Value.Kind;
    }

    /// <summary>
    /// Why a mapping or sequence may not carry <paramref name="tag"/> (<c>!</c> when it has none), or null:
    /// it may carry no tag, the non-specific <c>!</c>, or the core tag of its own kind.
    /// </summary>
    public static ManifestLoadError? CheckCollection(string tag, bool isMapping, SourceMark mark)
    {
        if (tag == "!" || tag == Prefix + (isMapping ? "map" : "seq"))
        {
            return null;
        }

        return IsCore(tag)
            ? new ManifestLoadError(mark, $"tag {Display(tag)} cannot be used on a {(isMapping ? "mapping" : "sequence")}")
            {
                Kind = ManifestLoadErrorKind.InvalidTaggedValue,
            }
            : Unsupported(tag, mark);
    }

    /// <summary>A resolved tag as the user most likely wrote it: <c>!!int</c>, <c>!local</c>, or the verbatim <c>!&lt;uri&gt;</c>.</summary>
    public static string Display(string tag) =>
        tag.StartsWith(Prefix, StringComparison.Ordinal) ? "!!" + UserText.Shorten(tag[Prefix.Length..])
        : tag.StartsWith('!') ? UserText.Shorten(tag)
        : $"!<{UserText.Shorten(tag)}>";

    private static bool IsCore(string tag) =>
        tag is Prefix + "str" or Prefix + "int" or Prefix + "float" or Prefix + "bool"
            or Prefix + "null" or Prefix + "map" or Prefix + "seq";

    private static ManifestLoadError Unsupported(string tag, SourceMark mark) =>
        new(mark, $"unsupported tag {Display(tag)}; expected no tag or one of the YAML core tags {List}")
        {
            Kind = ManifestLoadErrorKind.UnsupportedTag,
        };
}
