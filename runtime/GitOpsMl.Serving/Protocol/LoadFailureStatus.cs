using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>A refused bundle as model metadata (and a model's 503) reports it.</summary>
public sealed record LoadFailureStatus(string Directory, string Reason, DateTimeOffset At, string? Version)
{
    public static LoadFailureStatus Of(LoadFailure failure) => new(failure.Directory, failure.Reason, failure.At, failure.Version);
}
