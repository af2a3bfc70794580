namespace GitOpsMl.Api.Tests.Manifests;

/// <summary>
/// The hostile-input tests assert wall-clock and allocation bounds; they run alone so that other tests
/// competing for the two CI cores cannot push them over.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileInputCollection
{
    public const string Name = "Manifest loader hostile input";
}
