using System.Collections.Concurrent;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// Test double for the training child process: every run "finishes" the moment it starts, with one
/// real bundle (trained once by `gitopsml train` at startup) as its output, so the reconcilers, the
/// registrar and the bundle inspector do their real work and only the trainer's minutes are left out.
/// Idempotent by run name, as the real executor is.
/// </summary>
public sealed class InstantTrainingExecutor(string bundlePath, TimeProvider time) : ITrainingExecutor
{
    private readonly ConcurrentDictionary<string, TrainingRunState> _runs = new();

    public int Started => _runs.Count;

    public Task<TrainingRunState> EnsureStartedAsync(TrainingRunRequest request, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var state = _runs.GetOrAdd(request.RunName, name => new TrainingRunState(name, TrainingRunPhase.Succeeded)
        {
            BundlePath = bundlePath,
            ExitCode = 0,
            StartTime = now,
            CompletionTime = now,
        });
        return Task.FromResult(state);
    }

    public Task<TrainingRunState?> ObserveAsync(string runName, CancellationToken ct = default) =>
        Task.FromResult(_runs.TryGetValue(runName, out var s) ? s : null);

    public Task CancelAsync(string runName, CancellationToken ct = default) => Task.CompletedTask;
}
