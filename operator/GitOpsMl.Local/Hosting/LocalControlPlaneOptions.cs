using GitOpsMl.Local.Execution;
using Prometheus;

namespace GitOpsMl.Local.Hosting;

/// <summary>
/// How the control plane runs on one machine: `gitopsml up` on the embedded SQLite store, `gitopsml operator`
/// on a cluster's API server (<see cref="Store"/>); either way trainers and servers are local processes.
/// </summary>
public sealed record LocalControlPlaneOptions(string StateDirectory, GitOpsMlCommand Command)
{
    /// <summary>
    /// The object store the reconcilers run against; null: the SQLite store in <see cref="StateDirectory"/>
    /// (`up`). A given store stays its owner's: the plane does not dispose it.
    /// </summary>
    public GitOpsMl.Controllers.Store.IObjectStore? Store { get; init; }

    /// <summary>Where relative Dataset paths resolve when the source-root annotation is absent (`operator --data-root`); null: nowhere.</summary>
    public string? DataRoot { get; init; }

    /// <summary>Front port of the first Deployment (`up --port`); others get free ports.</summary>
    public int? FirstFrontPort { get; init; }

    public int WorkersPerKind { get; init; } = 2;
    public TimeSpan DataFilePoll { get; init; } = TimeSpan.FromSeconds(1);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public CollectorRegistry? Metrics { get; init; }
    public Action<string>? Log { get; init; }

    /// <summary>Overrides of the executors' process settings (tests shorten probe intervals and grace periods).</summary>
    public Func<LocalExecutionOptions, LocalExecutionOptions>? Execution { get; init; }

    /// <summary>
    /// Replacements for the process executors and the data probe: the control-plane benchmark measures
    /// the reconcilers and the store alone with executors that finish at once (no trainer, no server).
    /// </summary>
    public Func<LocalExecutionOptions, GitOpsMl.Controllers.Execution.ITrainingExecutor>? TrainingExecutor { get; init; }
    public Func<LocalExecutionOptions, GitOpsMl.Controllers.Execution.IServingExecutor>? ServingExecutor { get; init; }
    public GitOpsMl.Controllers.Observation.IDatasetProbe? DatasetProbe { get; init; }
    public GitOpsMl.Controllers.Observation.IBundleInspector? BundleInspector { get; init; }
    public GitOpsMl.Controllers.Observation.IServingObserver? ServingObserver { get; init; }

    /// <summary>Replacement for the git clone and checkouts of GitSources (default: libgit2 under the state directory's sources/).</summary>
    public GitOpsMl.Controllers.Sources.IGitCheckout? GitCheckout { get; init; }

    /// <summary>
    /// Where GitSource Secrets are read: `gitopsml operator` gives the API server's. Null: the folder
    /// <see cref="SecretsDirectory"/> (`up --secrets-dir`), laid out as DIR/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt;.
    /// </summary>
    public GitOpsMl.Controllers.Sources.ISecretReader? SecretReader { get; init; }

    /// <summary>`up --secrets-dir`: the folder of Secrets when <see cref="SecretReader"/> is null; null: no Secrets.</summary>
    public string? SecretsDirectory { get; init; }

    public string Database => Path.Combine(Path.GetFullPath(StateDirectory), "state.db");
}
