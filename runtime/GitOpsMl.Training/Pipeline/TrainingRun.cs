using GitOpsMl.Api.Failures;
using GitOpsMl.Data.Reading;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;
using GitOpsMl.Data;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Profiling;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Weighting;
using GitOpsMl.Training.Bundles;
using GitOpsMl.Training.Export;
using GitOpsMl.Training.Reports;

namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// One training run, start to bundle: read and validate the data, split, fit the features on
/// the training split, train the model and its linear baseline, evaluate overall and per
/// slice, export one ONNX graph, prove it reproduces TorchSharp, and write the bundle
/// atomically. Throws (and writes nothing) on invalid data, divergence or a parity failure.
/// </summary>
public static class TrainingRun
{
    public sealed record Result(string BundlePath, BundleManifest Manifest, MetricsDocument Metrics);

    public static Result Execute(TrainingRunRequest request, CancellationToken cancellation = default)
    {
        var (inputs, progress) = (request.Inputs, request.Progress ?? (_ => { }));
        var spec = inputs.Job.Spec;
        // Before minutes of training, not after: a bundle that cannot be written refuses the run now.
        BundleWriter.CheckDestination(request.OutputDirectory);

        var data = PreparedData.Prepare(inputs, File.ReadAllBytes(request.DataPath));
        var report = data.Report;
        progress(new TrainingEvent("data")
        {
            Rows = report.TotalRows, InvalidRows = report.InvalidRows, DroppedRows = data.DroppedRows, Dropped = data.DroppedByReason, Sha256 = report.Sha256,
        });
        var (trainTable, pipeline, labels, train, validation, test) = (data.TrainTable, data.Pipeline, data.Labels, data.Train, data.Validation, data.Test);
        var split = inputs.Dataset.Spec.Split ?? new SplitSpec();
        if (train.Data is null)
            throw Refused(GitOpsMlFailure.InvalidData(nameof(DataRefusalReason.NoRows), "the training split has no labeled rows"), inputs.Dataset);
        if (test.Data is null)
        {
            throw Refused(split.TestOrDefault == 0
                ? GitOpsMlFailure.InvalidSpec(SpecRefusal.TestSplitEmpty, "split.test is 0: the run has no rows to evaluate and check the export on").AtField("spec.split.test")
                : GitOpsMlFailure.InvalidData(nameof(DataRefusalReason.NoRows), "the test split has no labeled rows: raise split.test"), inputs.Dataset);
        }

        if (spec.EarlyStopping is not null && validation.Data is null)
        {
            throw split.ValidationOrDefault == 0
                ? Refused(GitOpsMlFailure.InvalidSpec(SpecRefusal.EarlyStoppingNeedsValidation, "earlyStopping needs validation rows; split.validation is 0").AtField("spec.earlyStopping"), inputs.Job)
                : Refused(GitOpsMlFailure.InvalidData(nameof(DataRefusalReason.NoRows), "earlyStopping needs validation rows; the validation split has no labeled rows"), inputs.Dataset);
        }

        if (data.WeightColumn is { } weightColumn)
        {
            // A split that weighs nothing has 0 / 0 for its loss or metrics: refuse before training rather than report NaN.
            foreach (var (name, rows) in new[] { ("training", train.Data), ("validation", validation.Data), ("test", test.Data) })
            {
                if (rows?.Weights is { } weights)
                {
                    try
                    {
                        SampleWeights.RequirePositiveTotal(weights, weightColumn.Name, name);
                    }
                    catch (GitOpsMlFailure failure)
                    {
                        throw Refused(failure, inputs.Dataset);
                    }
                }
            }
        }

        var slices = spec.Evaluation?.Slices ?? [];
        foreach (var column in inputs.Dataset.Spec.Schema.Where(c => slices.Contains(c.Name)))
        {
            if (ColumnRules.SliceProblem(column) is { } problem)
            {
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.SliceColumn, $"evaluation slice \"{column.Name}\" {problem}")
                    .Concerning(ObjectKey.Of(inputs.Job), "spec.evaluation.slices");
            }
        }

        var device = request.Device ?? ApiNames.Of(spec.Device ?? TrainingDevice.Auto);
        TrainingResult model;
        TrainingResult? baseline = null;
        var warnings = new List<TrainingWarning>();
        try
        {
            // Hyperparameters the trainer cannot run with are refused before their step count is warned about.
            TrainingHyperparameters.Resolve(spec.Hyperparameters);
            // The job's own steps; the baseline has its own recipe. Validate warns by the same check from the rows it counts.
            if (OptimizerSteps.Check(spec, train.Data!.Rows) is { } few)
            {
                warnings.Add(few);
                progress(Warning(few));
            }
            model = new Trainer(new TrainingOptions(spec.Algorithm, spec.Hyperparameters, spec.EarlyStopping, device, EpochEvents("model", progress)))
                .Train(train.Data!, validation.Data, cancellation);
            // The baseline is a reference, so it trains by its own recipe rather than the job's (see BaselineTraining).
            if (!spec.Algorithm.IsLinear && spec.Baseline?.Enabled != false)
            {
                baseline = new Trainer(BaselineTraining.Options(train.Data!, validation.Data is not null, spec.Hyperparameters, device, EpochEvents("baseline", progress)))
                    .Train(train.Data!, validation.Data, cancellation);
            }
        }
        catch (GitOpsMlFailure failure)
        {
            // The trainer knows what went wrong but not which object asked for it: the job did (or its data).
            throw Refused(failure, failure.Kind == FailureKind.InvalidData ? inputs.Dataset : inputs.Job);
        }

        // Evaluation and export run under the job's thread count too (a multi-threaded reduction may sum in another
        // order), inside the gate so a concurrent run cannot change the count under them.
        var session = TorchGate.Session(model.Hyperparameters.Threads);
        try
        {
            var prediction = Predictor.Predict(model.Network, test.Data);
            // A cancel that arrives after training stops here, before evaluation, export and the bundle.
            cancellation.ThrowIfCancellationRequested();
            var testMetrics = Metrics.Evaluate(test.Data, prediction);
            var baselineMetrics = baseline is null ? null : Metrics.Evaluate(test.Data, Predictor.Predict(baseline.Network, test.Data));
            var trivialMetrics = TrivialPredictor.Fit(train.Data).Evaluate(test.Data);
            var sliceResults = SliceEvaluator.Evaluate(slices, test.Raw, test.Data, prediction);

            var onnx = ModelExporter.Export(inputs.Model.Metadata.Name, pipeline, model.Network, labels);
            var parity = ParityChecker.Check(onnx, test, prediction);
            if (!parity.Passed)
            {
                throw new GitOpsMlFailure(FailureKind.ParityFailed, "ExportParity",
                    $"export parity failed: ONNX Runtime differs from TorchSharp by {parity.MaxAbsDifference:E2} (tolerance {parity.Tolerance:E0})").Concerning(ObjectKey.Of(inputs.Job));
            }

            var evaluated = new MetricsDocument
            {
                Task = ApiNames.Of(labels.Task),
                WeightedBy = data.WeightColumn?.Name,
                Test = testMetrics,
                Baseline = baselineMetrics,
                Trivial = trivialMetrics,
                Slices = sliceResults.ToDictionary(s => s.Slice, s => s.Metrics),
                SliceRows = sliceResults.ToDictionary(s => s.Slice, s => s.Rows),
                SliceBins = SliceEvaluator.Bins(slices, test.Raw) is { Count: > 0 } bins ? bins : null,
                Validation = model.History.Select(h => new EpochRecord(h.Epoch, h.TrainLoss, h.ValidationMetric ?? "", h.ValidationValue ?? double.NaN)).ToList(),
                BestEpoch = model.BestEpoch,
                Rows = new SplitRows(train.Rows, validation.Rows, test.Rows),
                Parity = parity,
            };
            if (TrivialComparison.Check(evaluated) is { } trivialWarning)
            {
                warnings.Add(trivialWarning);
                progress(Warning(trivialWarning));
            }
            var metrics = evaluated with { Warnings = warnings.Count > 0 ? warnings : null };
            var torch = TorchRuntime.Describe(TorchRuntime.ResolveDevice(model.Device));
            var lineage = new BundleLineage
            {
                DatasetSha256 = report.Sha256,
                FeatureSetHash = inputs.FeatureSetHash,
                SpecHash = inputs.SpecHash(report.Sha256),
                GitCommit = request.GitCommit,
                Seed = model.Hyperparameters.Seed,
                Device = model.Device,
                TorchSharpVersion = torch.TorchSharpVersion,
                OnnxRuntimeVersion = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(),
                Hyperparameters = Hyperparameters(model.Hyperparameters),
            };
            var version = ContentHash.OfBytes(onnx)[..12];
            var profile = DataProfiler.Profile(inputs.Dataset.Spec, trainTable) with { Predictions = PredictionProfile(prediction, labels) };
            cancellation.ThrowIfCancellationRequested();
            var bundle = WriteBundle(request, inputs, pipeline, labels, onnx, metrics, profile, lineage, version, data.DroppedRows, data.DroppedByReason);
            progress(new TrainingEvent("done") { Bundle = bundle.BundlePath, Version = version, Metrics = testMetrics, Baseline = baselineMetrics, Trivial = trivialMetrics, Device = model.Device });
            return bundle;
        }
        finally
        {
            session.Dispose();
            model.Network.Dispose();
            baseline?.Network.Dispose();
        }
    }

    private static TrainingEvent Warning(TrainingWarning w) => new("warning") { Reason = w.Reason, Message = w.Message };

    private static GitOpsMlFailure Refused(GitOpsMlFailure failure, CustomResource at) => failure.Concerning(ObjectKey.Of(at));

    private static Action<EpochProgress> EpochEvents(string which, Action<TrainingEvent> progress) => p => progress(new TrainingEvent("epoch")
    {
        Model = which, Epoch = p.Epoch, Epochs = p.Epochs, TrainLoss = p.TrainLoss, Metric = p.ValidationMetric, Value = p.ValidationValue,
        SamplesPerSecond = Math.Round(p.SamplesPerSecond), EtaSeconds = Math.Round(p.Eta.TotalSeconds, 1),
    });

    private static Result WriteBundle(TrainingRunRequest request, TrainingInputs inputs, FittedFeaturePipeline pipeline, FittedLabelEncoder labels,
        byte[] onnx, MetricsDocument metrics, DataProfile profile, BundleLineage lineage, string version, long droppedRows, IReadOnlyDictionary<string, long> droppedByReason)
    {
        var writer = new BundleWriter(request.OutputDirectory);
        try
        {
            writer.WriteBytes(BundleManifest.ModelFile, onnx);
            writer.WriteJson(BundleManifest.MetricsFile, metrics);
            writer.WriteJson(BundleManifest.ProfileFile, profile);
            writer.WriteJson(BundleManifest.TransformsFile, new { features = pipeline, label = labels });
            writer.WriteText(BundleManifest.ModelCardFile, ModelCardWriter.Write(new ModelCardWriter.Input(
                inputs.Model.Metadata.Name, version, inputs.Dataset.Metadata.Name, inputs.Dataset.Spec.Source.Path ?? inputs.Dataset.Spec.Source.Url ?? "s3",
                lineage.DatasetSha256!, inputs.FeatureSet.Spec, pipeline.OutputNames,
                inputs.Job.Spec.Algorithm.IsLinear ? "linear model" : $"multi-layer perceptron ({string.Join("-", inputs.Job.Spec.Algorithm.Mlp!.HiddenLayers)})",
                lineage, metrics, (int)droppedRows, droppedByReason)));
            BundleManifest? manifest = null;
            var path = writer.Commit(files => manifest = new BundleManifest
            {
                Model = inputs.Model.Metadata.Name,
                Version = version,
                Task = ApiNames.Of(labels.Task),
                Classes = labels.Task == PredictionTask.Regression ? [] : labels.Classes,
                Inputs = FeaturePipelineExporter.Inputs(pipeline),
                Files = files,
                Lineage = lineage,
            });
            return new Result(path, manifest!, metrics);
        }
        catch
        {
            writer.Abandon();
            throw;
        }
    }

    private static ColumnProfile PredictionProfile(Prediction prediction, FittedLabelEncoder labels) => labels.Task switch
    {
        PredictionTask.Regression => DataProfiler.Numeric(prediction.Values!.Select(v => (double)v).ToArray()),
        PredictionTask.Binary => DataProfiler.Numeric(prediction.PositiveProbabilities().Select(v => (double)v).ToArray()),
        _ => new ColumnProfile
        {
            Kind = ColumnProfile.CategoricalKind,
            Count = prediction.Rows,
            Frequencies = Enumerable.Range(0, prediction.Rows)
                .GroupBy(r => labels.Classes[Metrics.ArgMax(prediction.Probabilities.AsSpan(r * prediction.Classes, prediction.Classes))])
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (long)g.Count()),
        },
    };

    private static Dictionary<string, string> Hyperparameters(TrainingHyperparameters h) => new()
    {
        ["epochs"] = h.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["batchSize"] = h.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["learningRate"] = h.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["weightDecay"] = h.WeightDecay.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["optimizer"] = ApiNames.Of(h.Optimizer),
        ["momentum"] = h.Momentum.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["seed"] = h.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["classWeights"] = ApiNames.Of(h.ClassWeights),
        ["threads"] = h.Threads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default",
    };

}

