using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;

namespace GitOpsMl.Local.Tests.Execution.Support;

/// <summary>Two real churn bundles (different seeds, so different versions), trained once for a test class.</summary>
public sealed class TwoChurnBundles : IAsyncLifetime
{
    public ChurnWorkspace Workspace { get; } = new();
    public ServedBundle V1 { get; private set; } = null!;
    public ServedBundle V2 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var training = new ProcessTrainingExecutor(Workspace.Options);
        await training.EnsureStartedAsync(Workspace.Request("v1", ChurnWorkspace.Epochs(3, seed: 1)));
        await training.EnsureStartedAsync(Workspace.Request("v2", ChurnWorkspace.Epochs(3, seed: 2)));
        V1 = await Bundle(training, "v1");
        V2 = await Bundle(training, "v2");
    }

    private static async Task<ServedBundle> Bundle(ProcessTrainingExecutor training, string run)
    {
        var done = await Eventually.Until(async () => (await training.ObserveAsync(run))!, s => s.Phase != TrainingRunPhase.Running, TimeSpan.FromSeconds(60), run);
        if (done.Phase != TrainingRunPhase.Succeeded) throw new InvalidOperationException($"{run}: {done.Message}");
        var version = done.Message!.Split(' ')[^1]; // "trained version X"
        return new ServedBundle(version, done.BundlePath!);
    }

    public Task DisposeAsync()
    {
        Workspace.Dispose();
        return Task.CompletedTask;
    }
}
