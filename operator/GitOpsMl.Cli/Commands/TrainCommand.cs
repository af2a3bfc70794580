using System.CommandLine;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.References;
using GitOpsMl.Api.Validation;
using GitOpsMl.Cli.ControlPlane;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Remote;
using GitOpsMl.Training;
using GitOpsMl.Training.Pipeline;

namespace GitOpsMl.Cli.Commands;

/// <summary>
/// `gitopsml train PATH --job NAME --out DIR`: runs one TrainingJob from a folder of manifests and
/// writes an artifact bundle. Progress is JSON lines on stdout; errors go to stderr.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Folder (or file) of manifests; data paths resolve against the repository root that holds them (the nearest folder with .git or .gitopsml-root)." };
        var job = new Option<string>("--job") { Description = "Name of the TrainingJob to run.", Required = true };
        var output = new Option<string>("--out") { Description = "Bundle folder to write (replaced atomically when it exists).", Required = true };
        var device = new Option<string?>("--device") { Description = "auto, cpu or cuda; overrides spec.device." };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var libtorch = new Option<string?>("--libtorch") { Description = $"Load libtorch from this folder (e.g. a PyTorch installation's torch/lib); or set {TorchRuntime.LibTorchDirectoryVariable}." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace of the job when several hold one by that name." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Resolve Dataset spec.source.path against this folder instead of the manifests' repository root." };
        var dataCache = new Option<string?>("--data-cache") { Description = "Download Dataset spec.source.url into this folder (default: $XDG_CACHE_HOME/gitopsml, else ~/.cache/gitopsml; the control plane passes its state's cache)." };
        var cmd = new Command("train", "Train a TrainingJob into a bundle: model.onnx, metrics.json, profile.json, transforms.json, model-card.md, manifest.json. " +
                                       "Exit 0 ok, 1 invalid manifests, spec or data, 2 usage or I/O error, 3 training diverged, 4 export parity failed, 70 internal error, 75 transient, 130 cancelled.")
        {
            path, job, output, device, libtorch, ns, dataRoot, dataCache,
        };
        cmd.SetAction((parse, ct) =>
        {
            // Ctrl-C and SIGTERM cancel the run between batches (exit 130, nothing written), as for `up`.
            using var signals = new StopSignals(ct);
            return Task.FromResult(Run(new Arguments(parse.GetValue(path)!, parse.GetValue(job)!, parse.GetValue(output)!,
                parse.GetValue(device), parse.GetValue(libtorch), parse.GetValue(ns), parse.GetValue(dataRoot), parse.GetValue(dataCache)), Console.Out, Console.Error, signals.Token));
        });
        return cmd;
    }

    /// <param name="DataRoot">Resolve data paths against this folder instead of the manifests' repository root.</param>
    /// <param name="DataCache">Download url sources into this folder instead of <see cref="DataCacheLocation"/>'s user cache.</param>
    public sealed record Arguments(string Path, string Job, string Out, string? Device = null, string? LibTorch = null, string? Namespace = null,
        string? DataRoot = null, string? DataCache = null);

    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        void Emit(TrainingEvent e) { stdout.WriteLine(JsonSerializer.Serialize(e, ApiJson.Options)); stdout.Flush(); }
        int Fail(int code, string message)
        {
            stderr.WriteLine($"gitopsml train: {message}");
            Emit(new TrainingEvent("failed") { Message = message });
            return code;
        }

        var files = new DatasetFileResolver(new UrlDataCache(args.DataCache ?? DataCacheLocation.For(null)));
        var read = ManifestSetReader.Read([args.Path], args.DataRoot, dataCache: files.Cache);
        if (read.Report is not { } report) return Fail(ExitCodes.Usage, string.Join("; ", read.UsageErrors));
        if (!report.IsValid)
        {
            DiagnosticFormatter.WriteText(stderr, report);
            return Fail(ExitCodes.Invalid, "the manifests are invalid (see above); nothing was trained");
        }
        var index = new ObjectIndex<ManifestObject>(report.Objects, o => o.Resource);
        TrainingInputs inputs;
        try { inputs = TrainingInputs.For(index, TrainingInputs.FindJob(index, args.Job, args.Namespace)); }
        catch (TrainingInputException e) { return Fail(ExitCodes.Usage, e.Message); }

        string? dataPath = null;
        try
        {
            // A url source downloads here on its first run (validation only downloads when it samples data); later runs hit the cache.
            dataPath = files.Resolve(inputs.Dataset, args.DataRoot ?? RepositoryRoot.For(read.FullPathOf(index.EntryOf(inputs.Dataset))), cancellation);
            TorchRuntime.Initialize(args.LibTorch);
            var result = TrainingRun.Execute(new TrainingRunRequest(inputs, dataPath, args.Out, args.Device,
                GitCommitReader.For(inputs.Job, read.FullPathOf(index.EntryOf(inputs.Job))), Emit), cancellation);
            stderr.WriteLine($"gitopsml train: wrote {result.BundlePath} (version {result.Manifest.Version})");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (e is DataRefusedException { Report: { } r }) stderr.WriteLine(r.Describe());
            var where = e is DataRefusedException && dataPath is not null ? $" ({inputs.Dataset.Spec.Source.Url ?? ManifestFileFinder.DisplayName(dataPath)})" : "";
            return Fail(ExitCodes.For(e), $"{ExitCodes.Describe(e)}{where}; no bundle written");
        }
    }
}
