using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Features;

/// <summary>
/// v → v is missing (null or "") ? Fill : v, before encoding. Fill is the most frequent
/// non-missing training value (ties → ordinal-smallest) or the spec's constant. With
/// <see cref="Indicator"/>, the feature also emits "&lt;column&gt;__missing" = 1 when the RAW value is missing.
/// </summary>
public sealed record CategoricalImputeStep(ImputeStrategy Strategy, string Fill, bool Indicator = false)
{
    public string? Apply(string? value) => string.IsNullOrEmpty(value) ? Fill : value;
}
