namespace GitOpsMl.Controllers.Planning;

/// <summary>A drift score computed for one feature in one window (GitOpsMl.Data's FeatureDrift, as the monitor sees it). Score null: not judged, with why.</summary>
public sealed record FeatureScore(string Feature, double? Score, string? NotJudged = null);
