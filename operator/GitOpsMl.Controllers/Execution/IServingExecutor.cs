using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Execution;

/// <summary>
/// Runs a Deployment's inference replicas (child processes behind a front proxy locally; an
/// apps/v1 Deployment + Service + HPA in a cluster). Apply is idempotent and converges: the
/// replica count, the bundles loaded and the routing (stable / canary weight / shadow) follow
/// the plan, changing routing without restarting replicas.
/// </summary>
public interface IServingExecutor
{
    Task<ServingState> ApplyAsync(ServingPlan plan, CancellationToken ct = default);

    /// <summary>What runs now for the Deployment, or null when nothing does.</summary>
    Task<ServingState?> ObserveAsync(ObjectKey deployment, CancellationToken ct = default);

    Task RemoveAsync(ObjectKey deployment, CancellationToken ct = default);
}
