using GitOpsMl.Cli.Commands;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Cli.Tests.Serve;

/// <summary>`gitopsml serve` with a bundle that cannot load: exit 2 with the reason, not a server that runs forever never ready.</summary>
public class ServeStartupTests
{
    [Fact]
    public async Task A_mistyped_bundle_path_exits_2_naming_the_model_and_folder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gitopsml-no-such-bundle-" + Guid.NewGuid().ToString("N"));
        var stderr = new StringWriter();
        var exit = await ServeCommand.RunAsync(new ServeArguments { Bundles = [$"churn={missing}"], Host = "127.0.0.1", Port = 0, LogFormat = "text" }, stderr, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("model 'churn' has no bundle that loads", stderr.ToString());
        Assert.Contains(missing, stderr.ToString());
    }

    [Fact]
    public async Task With_wait_for_bundles_it_keeps_serving_until_stopped()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gitopsml-no-such-bundle-" + Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var exit = await ServeCommand.RunAsync(new ServeArguments { Bundles = [$"churn={missing}"], Host = "127.0.0.1", Port = 0, LogFormat = "text", WaitForBundles = true }, new StringWriter(), stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(stop.IsCancellationRequested, "the server stopped on its own");
        Assert.Equal(ExitCodes.Ok, exit);
    }
}
