using System.CommandLine;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Reading;
using GitOpsMl.Training;
using GitOpsMl.Training.Pipeline;
using GitOpsMl.Cli.Validation;

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
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder data paths resolve against (default: the repository root that holds the manifests)." };
        var cmd = new Command("train", "Train a TrainingJob into a bundle: model.onnx, metrics.json, profile.json, transforms.json, model-card.md, manifest.json. " +
                                       "Exit 0 ok, 1 invalid manifests or data, 2 usage or I/O error, 3 training diverged, 70 internal error.")
        {
            path, job, output, device, libtorch, ns, dataRoot,
        };
        cmd.SetAction((parse, ct) => Task.FromResult(Run(new Arguments(parse.GetValue(path)!, parse.GetValue(job)!, parse.GetValue(output)!,
            parse.GetValue(device), parse.GetValue(libtorch), parse.GetValue(ns), parse.GetValue(dataRoot)), Console.Out, Console.Error, ct)));
        return cmd;
    }

    public sealed record Arguments(string Path, string Job, string Out, string? Device = null, string? LibTorch = null, string? Namespace = null, string? DataRoot = null);

    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        void Emit(TrainingEvent e) { stdout.WriteLine(JsonSerializer.Serialize(e, ApiJson.Options)); stdout.Flush(); }
        int Fail(int code, string message)
        {
            stderr.WriteLine($"gitopsml train: {message}");
            Emit(new TrainingEvent("failed") { Message = message });
            return code;
        }

        var read = ManifestSetReader.Read([args.Path]);
        if (read.Report is not { } report) return Fail(ExitCodes.Usage, string.Join("; ", read.UsageErrors));
        if (!report.IsValid)
        {
            DiagnosticFormatter.WriteText(stderr, report);
            return Fail(ExitCodes.Invalid, "the manifests are invalid (see above); nothing was trained");
        }
        TrainingInputs inputs;
        try { inputs = TrainingInputs.Resolve(report.Objects.Select(o => o.Resource), args.Job, args.Namespace); }
        catch (TrainingInputException e) { return Fail(ExitCodes.Usage, e.Message); }

        var datasetObject = report.Objects.First(o => ReferenceEquals(o.Resource, inputs.Dataset));
        if (inputs.Dataset.Spec.Source.Path is not { } relative)
            return Fail(ExitCodes.Usage, $"Dataset/{inputs.Dataset.Metadata.Name}: spec.source.s3 is not supported by gitopsml train yet; use spec.source.path");
        string dataPath;
        if (args.DataRoot is { } root)
        {
            // Stand-in until the parallel --data-root change lands: same refusal of paths that leave the root.
            var full = Path.GetFullPath(root);
            dataPath = Path.GetFullPath(Path.Combine(full, relative));
            if (!dataPath.StartsWith(full.TrimEnd('/') + "/", StringComparison.Ordinal))
                return Fail(ExitCodes.Usage, $"Dataset/{inputs.Dataset.Metadata.Name}: data path \"{relative}\" leaves the data root {full}");
        }
        else dataPath = RepositoryRoot.Resolve(read.FullPathOf(datasetObject), relative);
        var jobObject = report.Objects.First(o => ReferenceEquals(o.Resource, inputs.Job));

        try
        {
            TorchRuntime.Initialize(args.LibTorch);
            var result = TrainingRun.Execute(new TrainingRunRequest(inputs, dataPath, args.Out, args.Device,
                GitCommitReader.For(inputs.Job, read.FullPathOf(jobObject)), Emit), cancellation);
            stderr.WriteLine($"gitopsml train: wrote {result.BundlePath} (version {result.Manifest.Version})");
            return ExitCodes.Ok;
        }
        catch (DataRefusedException e)
        {
            if (e.Report is { } r) stderr.WriteLine(r.Describe());
            return Fail(ExitCodes.Invalid, $"Dataset/{inputs.Dataset.Metadata.Name} ({ManifestFileFinder.DisplayName(dataPath)}): {e.Message.TrimEnd('.')}; no bundle written");
        }
        catch (FeaturePipelineException e)
        {
            return Fail(ExitCodes.Invalid, $"FeatureSet/{inputs.FeatureSet.Metadata.Name}: {e.Message.TrimEnd('.')}; no bundle written");
        }
        catch (TrainingSetupException e)
        {
            return Fail(ExitCodes.Invalid, $"TrainingJob/{inputs.Job.Metadata.Name}: {e.Message.TrimEnd('.')}; no bundle written");
        }
        catch (TrainingDivergedException e)
        {
            return Fail(ExitCodes.Diverged, $"TrainingJob/{inputs.Job.Metadata.Name}: {e.Message.TrimEnd('.')}; no bundle written");
        }
        catch (IOException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Internal, "cancelled; no bundle written");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return Fail(ExitCodes.Internal, $"internal error: {e.Message.TrimEnd('.')}; no bundle written");
        }
    }
}
