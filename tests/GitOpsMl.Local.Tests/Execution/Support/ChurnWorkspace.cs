using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Validation;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;

namespace GitOpsMl.Local.Tests.Execution.Support;

/// <summary>
/// A throwaway repository holding examples/churn's data (marked with .gitopsml-root) with the
/// control plane's state folder inside it, as `gitopsml up` lays it out, plus the example's objects
/// as the store would hand them to the executor.
/// </summary>
public sealed class ChurnWorkspace : IDisposable
{
    public ChurnWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-exec-").FullName;
        File.WriteAllText(Path.Combine(Root, ".gitopsml-root"), "");
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        File.Copy(TestPaths.Combine("examples", "churn", "data", "churn.csv"), Path.Combine(Root, "data", "churn.csv"));
        State = Path.Combine(Root, ".gitopsml");
    }

    public string Root { get; }
    public string State { get; }

    public LocalExecutionOptions Options => new(State, TestPaths.Cli) { StopGrace = TimeSpan.FromSeconds(5), ProbeInterval = TimeSpan.FromMilliseconds(200) };

    public static IReadOnlyList<CustomResource> ChurnObjects { get; } = Load();

    public static ObjectKey Job { get; } = ObjectKey.For("TrainingJob", null, "churn");

    /// <summary>The example's objects with the TrainingJob changed (epochs, seed, no early stopping for long runs).</summary>
    public static IReadOnlyList<CustomResource> WithJob(Func<TrainingJobSpec, TrainingJobSpec> change) =>
        ChurnObjects.Select(o => o is TrainingJob j ? j with { Spec = change(j.Spec) } : o).ToArray();

    public static IReadOnlyList<CustomResource> Epochs(int epochs, long seed = 42, bool earlyStopping = true) => WithJob(s => s with
    {
        Hyperparameters = s.Hyperparameters! with { Epochs = epochs, Seed = seed },
        EarlyStopping = earlyStopping ? s.EarlyStopping : null,
    });

    public TrainingRunRequest Request(string run, IReadOnlyList<CustomResource> objects, TimeSpan? timeout = null) =>
        new(run, Job, objects, Root, timeout);

    private static IReadOnlyList<CustomResource> Load()
    {
        var folder = TestPaths.Combine("examples", "churn", "manifests");
        var files = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => new ManifestFile(f, File.ReadAllBytes(f)));
        var report = ManifestValidator.Validate(files);
        if (!report.IsValid) throw new InvalidOperationException("examples/churn does not validate");
        return report.Objects.Select(o => o.Resource).ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
