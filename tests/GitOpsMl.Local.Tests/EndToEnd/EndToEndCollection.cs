namespace GitOpsMl.Local.Tests.EndToEnd;

/// <summary>
/// End-to-end tests each run a whole control plane (trainers and servers as child processes); on a
/// 2-core machine they run one at a time so their time bounds mean something.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
    public static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
}
