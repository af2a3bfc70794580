namespace GitOpsMl.Serving.Shadow;

/// <summary>Agreement of a shadow (canary) version with the version that answered, over rows compared since it started shadowing.</summary>
public sealed record ShadowStats(string Against, long Compared, long Agreed, long Dropped, double? Agreement);
