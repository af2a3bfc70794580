using GitOpsMl.Cli.Commands;

namespace GitOpsMl.Cli.Tests;

/// <summary>The leader-election flags of `gitopsml operator` as a user writes them (Flux's names and defaults).</summary>
public sealed class OperatorCommandTests
{
    [Fact]
    public void Leader_election_is_on_by_default_with_controller_runtimes_timing()
    {
        var parse = GitOpsMlCommand.Create().Parse(["operator"]);
        Assert.Empty(parse.Errors);
        Assert.True(parse.GetValue<bool>("--leader-elect"));
        Assert.Equal("gitopsml-operator", parse.GetValue<string>("--leader-election-id"));
        Assert.Null(parse.GetValue<string?>("--leader-election-namespace"));
        Assert.Equal(TimeSpan.FromSeconds(15), parse.GetValue<TimeSpan>("--leader-election-lease-duration"));
        Assert.Equal(TimeSpan.FromSeconds(10), parse.GetValue<TimeSpan>("--leader-election-renew-deadline"));
        Assert.Equal(TimeSpan.FromSeconds(2), parse.GetValue<TimeSpan>("--leader-election-retry-period"));
    }

    [Fact]
    public void A_single_local_process_turns_it_off_and_durations_are_written_as_in_kubernetes()
    {
        var parse = GitOpsMlCommand.Create().Parse(["operator", "--leader-elect=false", "--leader-election-id", "ml-team",
            "--leader-election-lease-duration", "1m", "--leader-election-retry-period", "500ms"]);
        Assert.Empty(parse.Errors);
        Assert.False(parse.GetValue<bool>("--leader-elect"));
        Assert.Equal("ml-team", parse.GetValue<string>("--leader-election-id"));
        Assert.Equal(TimeSpan.FromMinutes(1), parse.GetValue<TimeSpan>("--leader-election-lease-duration"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), parse.GetValue<TimeSpan>("--leader-election-retry-period"));
    }

    [Fact]
    public void A_duration_that_is_not_one_is_a_parse_error_naming_the_flag()
    {
        var parse = GitOpsMlCommand.Create().Parse(["operator", "--leader-election-renew-deadline", "10"]);
        Assert.Contains(parse.Errors, e => e.Message.Contains("--leader-election-renew-deadline 10") && e.Message.Contains("15s"));
    }

    [Fact]
    public void The_lease_namespace_is_the_one_given_else_the_one_watched_else_the_pods_else_default()
    {
        Assert.Equal("default", Settings(null, null).LeaderElection(podNamespaceFile: null)!.Namespace);
        Assert.Equal("pods", Settings(null, null).LeaderElection(podNamespaceFile: "pods")!.Namespace);
        Assert.Equal("ml", Settings("ml", null).LeaderElection(podNamespaceFile: "pods")!.Namespace);
        Assert.Equal("gitopsml-system", Settings("ml", "gitopsml-system").LeaderElection(podNamespaceFile: "pods")!.Namespace);
        Assert.Null((Settings(null, null) with { LeaderElect = false }).LeaderElection(podNamespaceFile: "pods"));
    }

    [Fact]
    public async Task Unsafe_timing_is_a_usage_error_before_any_cluster_is_contacted()
    {
        var stderr = new StringWriter();
        var settings = Settings(null, null) with { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10) };
        var code = await OperatorCommand.RunAsync(settings with { Kubeconfig = "/nonexistent/kubeconfig" }, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("renew deadline (10 s) must be shorter than the lease duration (10 s)", stderr.ToString());
    }

    private static OperatorSettings Settings(string? watched, string? leaseNamespace) =>
        new(null, null, watched, null, null, null, null) { LeaderElectionNamespace = leaseNamespace };
}
