namespace GitOpsMl.Kubernetes.Tests.Leadership;

/// <summary>The election's defaults and the timings it refuses, as controller-runtime refuses them.</summary>
public sealed class LeaderElectionOptionsTests
{
    [Fact]
    public void The_defaults_are_controller_runtimes_and_the_identity_names_host_and_process()
    {
        var options = new LeaderElectionOptions();
        Assert.Equal((15, 10, 2), ((int)options.LeaseDuration.TotalSeconds, (int)options.RenewDeadline.TotalSeconds, (int)options.RetryPeriod.TotalSeconds));
        Assert.Equal("gitopsml-operator", options.LeaseName);
        Assert.Equal($"{Environment.MachineName}_{Environment.ProcessId}", options.Identity);
        Assert.Null(options.TimingProblem());
    }

    [Theory]
    [InlineData(null, null, null, "default")]
    [InlineData("", "", "", "default")]
    [InlineData(null, null, "  \n", "default")]
    [InlineData(null, null, "gitopsml-system", "gitopsml-system")]
    [InlineData(null, null, "gitopsml-system\n", "gitopsml-system")]
    [InlineData(null, "ml", null, "ml")]
    [InlineData(null, "ml", "gitopsml-system", "ml")]
    [InlineData("leases", "ml", "gitopsml-system", "leases")]
    [InlineData("leases", null, "gitopsml-system", "leases")]
    [InlineData("leases", null, null, "leases")]
    public void The_lease_lives_in_the_namespace_given_else_the_one_watched_else_the_pods_else_default(
        string? given, string? watched, string? podNamespaceFile, string expected)
    {
        Assert.Equal(expected, LeaderElectionOptions.NamespaceFor(given, watched, podNamespaceFile));
    }

    [Fact]
    public void The_pods_namespace_is_the_service_account_files_content_and_null_outside_a_pod()
    {
        var folder = Directory.CreateTempSubdirectory("gitopsml-sa-");
        try
        {
            var file = Path.Combine(folder.FullName, "namespace");
            Assert.Null(InClusterNamespace.Read(file));
            Assert.Null(InClusterNamespace.Read(Path.Combine(folder.FullName, "no-such-folder", "namespace")));
            File.WriteAllText(file, "ml-prod");
            Assert.Equal("ml-prod", InClusterNamespace.Read(file));
            Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/namespace", InClusterNamespace.FilePath);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(15000, 10000, 2000, null)]
    [InlineData(4000, 2000, 250, null)]
    [InlineData(1500, 1000, 200, "whole number of seconds")]
    [InlineData(0, 0, 200, "whole number of seconds")]
    [InlineData(10000, 10000, 2000, "shorter than the lease duration")]
    [InlineData(15000, 2000, 2000, "longer than 1.2 × the retry period")]
    [InlineData(15000, 2300, 2000, "longer than 1.2 × the retry period")]
    [InlineData(15000, 10000, 0, "retry period must be positive")]
    public void Unsafe_timings_are_refused_naming_the_rule(int leaseMs, int renewMs, int retryMs, string? problem)
    {
        var options = new LeaderElectionOptions
        {
            LeaseDuration = TimeSpan.FromMilliseconds(leaseMs),
            RenewDeadline = TimeSpan.FromMilliseconds(renewMs),
            RetryPeriod = TimeSpan.FromMilliseconds(retryMs),
        };
        if (problem is null)
        {
            Assert.Null(options.TimingProblem());
        }
        else
        {
            Assert.Contains(problem, options.TimingProblem());
        }
    }
}
