using GitOpsMl.Api.Common;
using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.References;

/// <summary>
/// The outcome of following one reference: the target, or the key that was not found with the names that
/// were there, so every caller words "not found" the same way.
/// </summary>
public sealed record Resolution<TKind>(ObjectKey Key, TKind? Target, IReadOnlyList<string> Candidates)
    where TKind : CustomResource
{
    public bool Found => Target is not null;

    /// <summary>"Dataset \"x\" not found in namespace default; did you mean \"y\"?"</summary>
    public string NotFoundMessage =>
        $"{Key.Kind} \"{Key.Name}\" not found in namespace {Key.Namespace}{Suggestions.DidYouMean(Key.Name, Candidates)}";
}
