using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Drift;

/// <summary>
/// The drift score of one feature (or of the predictions) in one window. Score is null when the
/// feature could not be judged, and <see cref="NotJudged"/> says why (a person reads it in status).
/// Samples counts the live non-missing values compared.
/// </summary>
public sealed record FeatureDrift(string Feature, DriftMethod Method, double? Score, long Samples, string? NotJudged = null)
{
    public const string NoReference = "no reference distribution in profile.json";
    public const string NotServed = "not in the live statistics";
    public const string NoLiveValues = "no live values in the window";
    public const string EdgesDiffer = "live bins are not profile.json's bin edges";
    public const string KindsDiffer = "numeric in one of profile.json and the live statistics, categorical in the other";
}
