using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.References;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// Checks that need the whole set of objects: names are unique, references resolve, feature
/// columns exist in the dataset with a fitting type, gates and monitors name metrics the task
/// produces. Runs over the objects that passed their schema; those that did not are known by key
/// (a reference to one says it is invalid) and have their own references checked.
/// </summary>
public static class ManifestSetValidator
{
    private static readonly TransformType[] NumericTransforms =
        [TransformType.Standardize, TransformType.MinMax, TransformType.Log1p, TransformType.Clip, TransformType.Bucketize];

    public static IReadOnlyList<Diagnostic> Validate(IReadOnlyList<ManifestObject> objects, ValidationContext context,
        IReadOnlyList<InvalidManifestObject>? invalid = null)
    {
        var d = new List<Diagnostic>();
        var set = new ManifestSet(objects, invalid ?? []);
        var index = set.Index;
        // Datasets whose data was found and sampled without error, with the data file as messages name it.
        var readable = new Dictionary<Dataset, (ManifestObject Object, string DataPath)>(ReferenceEqualityComparer.Instance);
        foreach (var (o, first) in index.Duplicates)
            d.Add(o.Error("metadata.name", $"duplicate {o.Kind.Kind} \"{o.Name}\" in namespace {o.Namespace}; first defined at {first.File}:{first.Start.Line}"));
        foreach (var o in objects)
        {
            switch (o.Resource)
            {
                case Dataset ds: CheckDataset(o, ds, context, d, readable); break;
                case FeatureSet fs: CheckFeatureSet(o, fs, set, d); break;
                case TrainingJob tj: CheckTrainingJob(o, tj, set, d); break;
                case Deployment dep: Resolved(o, "spec.modelRef.name", index.ModelOf(dep), set, d); break;
                case Kinds.Monitor mon: CheckMonitor(o, mon, set, d); break;
            }
        }
        if (context.CountDataRows is { } count)
        {
            CheckRowCounts(objects, index, readable, count, d);
        }
        foreach (var bad in set.Invalid)
        {
            foreach (var reference in bad.References.Where(r => !set.Resolves(r)))
                d.Add(bad.Error(reference, set.Unresolved(reference.Target)));
        }

        return d;
    }

    /// <summary>The target of a reference, or null after reporting at <paramref name="path"/> why it did not resolve.</summary>
    private static T? Resolved<T>(ManifestObject from, string path, Resolution<T> resolution, ManifestSet set, List<Diagnostic> d) where T : CustomResource
    {
        if (!resolution.Found) d.Add(from.Error(path, set.Unresolved(resolution.Key)));
        return resolution.Target;
    }

    private static void CheckDataset(ManifestObject o, Dataset ds, ValidationContext context, List<Diagnostic> d,
        Dictionary<Dataset, (ManifestObject Object, string DataPath)> readable)
    {
        var spec = ds.Spec;
        // The run evaluates and checks the exported graph on the test rows: without any it cannot make a bundle.
        if (spec.Split is { } split && split.TestOrDefault == 0)
            d.Add(o.Error("spec.split.test", "split.test is 0: a run needs test rows to evaluate the model and check its export"));
        if ((spec.Source.Path is not null || spec.Source.Url is not null) && context.LocateData is { } locate)
        {
            var field = spec.Source.Path is not null ? "spec.source.path" : "spec.source.url";
            var location = locate(o.File, ds);
            if (location.Problem is { } problem)
            {
                d.Add(o.Error(field, problem));
            }
            else
            {
                var findings = context.SampleData is { } sample ? sample(o.File, ds) : [];
                foreach (var finding in findings)
                {
                    var column = spec.Schema.FindIndex(c => c.Name == finding.Column);
                    var at = o.Error(column < 0 ? field : $"spec.schema[{column}].name", finding.Message);
                    d.Add(at with { Severity = finding.Severity });
                }
                if (findings.All(f => f.Severity != DiagnosticSeverity.Error))
                {
                    readable[ds] = (o, location.Display);
                }
            }
        }
    }

    /// <summary>
    /// What the run says from the rows alone, for each TrainingJob whose Dataset's data was read: its refusal of a split
    /// too small (at the Dataset, once however many jobs say it), else its warning about too few optimizer steps. The
    /// rows are counted once per Dataset, however many jobs train on it (counting streams the whole file).
    /// </summary>
    private static void CheckRowCounts(IReadOnlyList<ManifestObject> objects, ObjectIndex<ManifestObject> index,
        Dictionary<Dataset, (ManifestObject Object, string DataPath)> readable, Func<string, Dataset, long?> count, List<Diagnostic> d)
    {
        var rows = new Dictionary<Dataset, long?>(ReferenceEqualityComparer.Instance);
        foreach (var o in objects)
        {
            if (o.Resource is not TrainingJob tj || index.FeatureSetOf(tj).Target is not { } fs
                || index.DatasetOf(fs).Target is not { } dataset || !readable.TryGetValue(dataset, out var data))
            {
                continue;
            }
            if (!rows.TryGetValue(dataset, out var n))
            {
                rows[dataset] = n = count(data.Object.File, dataset);
            }
            if (n is not { } dataRows)
            {
                continue;
            }
            var small = SplitSizeForecast.Check(data.Object, dataset.Spec.Split, tj, dataRows);
            if (small is not null && !d.Contains(small))
            {
                d.Add(small);
            }
            // A run refused for its split never reaches its first epoch to warn about.
            if (small?.Severity != DiagnosticSeverity.Error && StepsForecast.Check(o, tj.Spec, dataset.Spec.Split, dataRows, data.DataPath) is { } warning)
            {
                d.Add(warning);
            }
        }
    }

    private static void CheckFeatureSet(ManifestObject o, FeatureSet fs, ManifestSet set, List<Diagnostic> d)
    {
        var spec = fs.Spec;
        var dataset = Resolved(o, "spec.datasetRef.name", set.Index.DatasetOf(fs), set, d);
        if (dataset is null) return;
        var columns = dataset.Spec.Schema.ToDictionary(c => c.Name, c => c);
        var datasetRef = $"Dataset {dataset.Metadata.Name}";

        if (!columns.TryGetValue(spec.Label.Column, out var label))
            d.Add(o.Error("spec.label.column", $"column \"{spec.Label.Column}\" is not in the schema of {datasetRef}{Suggestions.DidYouMean(spec.Label.Column, columns.Keys)}"));
        else if (ColumnRules.LabelTaskProblem(label, spec.Label.Task) is { } problem)
            d.Add(o.Error("spec.label.column", problem));
        else if (ColumnRules.LabelProblem(label, datasetRef) is { } labelProblem)
            d.Add(o.Error("spec.label.column", $"column \"{label.Name}\" {labelProblem}"));
        else if (spec.Label.PositiveClass is { } positive && PositiveClassProblem(label, positive) is { } positiveProblem)
            d.Add(o.Error("spec.label.positiveClass", positiveProblem));

        for (var i = 0; i < spec.Features.Count; i++)
        {
            var f = spec.Features[i];
            var path = $"spec.features[{i}]";
            if (!columns.TryGetValue(f.Column, out var col))
            {
                d.Add(o.Error(path + ".column", $"column \"{f.Column}\" is not in the schema of {datasetRef}{Suggestions.DidYouMean(f.Column, columns.Keys)}"));
                continue;
            }
            if (ColumnRules.FeatureProblem(col, datasetRef, datetime: f.Datetime is not null) is { } featureProblem)
                d.Add(o.Error(path + ".column", $"column \"{f.Column}\" {featureProblem}"));
            else if (ColumnRules.DateAsCategoryHint(col) is { } dateHint)
                d.Add(o.Warning(path + ".column", $"column \"{f.Column}\" {dateHint}"));
            CheckTransforms(o, path, f, col, d);
        }
    }

    /// <summary>The positive class must be a value the label column can hold, or every row would be negative.</summary>
    private static string? PositiveClassProblem(ColumnSpec label, string positive) => label.Type switch
    {
        ColumnType.Bool when positive is not ("true" or "false") => $"\"{positive}\" is not a value of bool column \"{label.Name}\"; expected true or false",
        ColumnType.Int when !long.TryParse(positive, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)
            => $"\"{positive}\" is not a value of int column \"{label.Name}\"",
        ColumnType.Category when label.Values is { } values && !values.Contains(positive)
            => $"\"{positive}\" is not one of the values of \"{label.Name}\": {string.Join(", ", values)}{Suggestions.DidYouMean(positive, values)}",
        _ => null,
    };

    private static void CheckTransforms(ManifestObject o, string path, FeatureSpec f, ColumnSpec col, List<Diagnostic> d)
    {
        var numeric = col.Type is ColumnType.Float or ColumnType.Int or ColumnType.Bool;
        var steps = f.Transforms ?? [];
        for (var j = 0; j < steps.Count; j++)
        {
            var t = steps[j];
            var at = $"{path}.transforms[{j}].type";
            if (NumericTransforms.Contains(t.Type) && !numeric)
                d.Add(o.Error(at, $"{Name(t.Type)} needs a numeric column; \"{col.Name}\" has type {Name(col.Type)} (use oneHot or hashBucket)"));
            if (t.Type is TransformType.OneHot or TransformType.HashBucket && numeric)
            {
                var advice = col.Type == ColumnType.Int
                    ? " — if its values are codes (ids, types), declare it `type: category` in the Dataset's schema; to encode ranges of a number use bucketize"
                    : " (use bucketize)";
                d.Add(o.Error(at, $"{Name(t.Type)} needs a category or string column; \"{col.Name}\" has type {Name(col.Type)}{advice}"));
            }
            if (t.Type == TransformType.Impute && !numeric && t.Strategy is ImputeStrategy.Mean or ImputeStrategy.Median)
                d.Add(o.Error($"{path}.transforms[{j}].strategy", $"strategy {Name(t.Strategy!.Value)} needs a numeric column; use mostFrequent or constant for \"{col.Name}\""));
            if (t.Type == TransformType.Impute && numeric && t.Strategy == ImputeStrategy.Constant
                && !double.TryParse(t.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                d.Add(o.Error($"{path}.transforms[{j}].value", $"\"{t.Value}\" is not a number; column \"{col.Name}\" is numeric"));
            }
        }
    }

    private static void CheckTrainingJob(ManifestObject o, TrainingJob tj, ManifestSet set, List<Diagnostic> d)
    {
        var spec = tj.Spec;
        var index = set.Index;
        var fs = Resolved(o, "spec.featureSetRef.name", index.FeatureSetOf(tj), set, d);
        var model = Resolved(o, "spec.modelRef.name", index.ModelOf(tj), set, d);
        if (fs is null) return;
        var task = fs.Spec.Label.Task;
        var metrics = TaskMetrics.For(task);
        if (spec.EarlyStopping is { } es && !metrics.Contains(es.Metric))
            d.Add(o.Error("spec.earlyStopping.metric", MetricMessage(es.Metric, task)));
        var evaluationMetrics = spec.Evaluation?.Metrics ?? [];
        for (var i = 0; i < evaluationMetrics.Count; i++)
            if (!metrics.Contains(evaluationMetrics[i])) d.Add(o.Error($"spec.evaluation.metrics[{i}]", MetricMessage(evaluationMetrics[i], task)));

        if (spec.Hyperparameters?.ClassWeights == ClassWeighting.Balanced && task == PredictionTask.Regression)
        {
            d.Add(o.Error("spec.hyperparameters.classWeights",
                $"classWeights balanced applies to classification only; FeatureSet {fs.Metadata.Name} has task regression (remove classWeights or use none)"));
        }

        var dataset = index.DatasetOf(fs).Target;
        var slices = spec.Evaluation?.Slices ?? [];
        if (dataset is not null)
        {
            var split = dataset.Spec.Split ?? new SplitSpec();
            if (spec.EarlyStopping is not null && split.ValidationOrDefault == 0)
                d.Add(o.Error("spec.earlyStopping", $"earlyStopping needs validation rows; split.validation of Dataset {dataset.Metadata.Name} is 0"));
            var columns = dataset.Spec.Schema.ToDictionary(c => c.Name, c => c);
            for (var i = 0; i < slices.Count; i++)
            {
                if (!columns.TryGetValue(slices[i], out var sliceColumn))
                    d.Add(o.Error($"spec.evaluation.slices[{i}]", $"column \"{slices[i]}\" is not in the schema of Dataset {dataset.Metadata.Name}{Suggestions.DidYouMean(slices[i], columns.Keys)}"));
                else if (ColumnRules.SliceProblem(sliceColumn) is { } sliceProblem)
                    d.Add(o.Error($"spec.evaluation.slices[{i}]", $"column \"{slices[i]}\" of Dataset {dataset.Metadata.Name} {sliceProblem}"));
            }
        }
        if (model is null) return;
        // Gates live on the Model but only make sense against what its training jobs produce.
        var modelObject = index.EntryOf(model);
        var gates = model.Spec.Gates ?? [];
        var trainsBaseline = !spec.Algorithm.IsLinear && spec.Baseline?.Enabled != false;
        for (var i = 0; i < gates.Count; i++)
        {
            var g = gates[i];
            if (!metrics.Contains(g.Metric))
                d.Add(modelObject.Error($"spec.gates[{i}].metric", MetricMessage(g.Metric, task, $" (TrainingJob {tj.Metadata.Name} trains this model)")));
            else if (BoundAgainstDirection(g.Metric, g.Min, g.Max) is (var field, var problem))
                d.Add(modelObject.Error($"spec.gates[{i}].{field}", problem));
            if (g.BeatsBaseline == true && !trainsBaseline)
            {
                d.Add(modelObject.Error($"spec.gates[{i}].beatsBaseline", $"TrainingJob {tj.Metadata.Name} trains no baseline to beat ("
                    + (spec.Algorithm.IsLinear ? "its algorithm is linear: the baseline is the linear model itself" : "its baseline.enabled is false") + ")"));
            }

            if (g.Slice is { } s && !slices.Contains(s.Column))
                d.Add(modelObject.Error($"spec.gates[{i}].slice.column", $"column \"{s.Column}\" is not in evaluation.slices of TrainingJob {tj.Metadata.Name}"));
        }
    }

    private static void CheckMonitor(ManifestObject o, Kinds.Monitor mon, ManifestSet set, List<Diagnostic> d)
    {
        var spec = mon.Spec;
        var index = set.Index;
        var deployment = Resolved(o, "spec.deploymentRef.name", index.DeploymentOf(mon), set, d);
        if (spec.Actions?.RetrainJobRef is { } retrain)
            Resolved(o, "spec.actions.retrainJobRef.name", index.Resolve<TrainingJob>(mon, retrain), set, d);
        if (deployment is null || index.ModelOf(deployment).Target is not { } model) return;
        // Follow Deployment → Model → the TrainingJobs registering it → FeatureSet, to know the features and task.
        if (index.JobsTraining(model).FirstOrDefault() is not { } job || index.FeatureSetOf(job).Target is not { } fs) return;
        var featureColumns = fs.Spec.Features.Select(f => f.Column).ToList();
        // Suggestions come from the authoritative source: features whose column the Dataset has. A
        // FeatureSet feature that is itself misspelt is never offered; it is named as the thing to fix.
        var dataset = index.DatasetOf(fs).Target;
        var schema = dataset?.Spec.Schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var sound = featureColumns.Where(schema.Contains).ToList();
        var watched = spec.Drift?.Features ?? [];
        for (var i = 0; i < watched.Count; i++)
        {
            if (featureColumns.Contains(watched[i])) continue;
            var message = $"\"{watched[i]}\" is not a feature of FeatureSet {fs.Metadata.Name}";
            if (schema.Contains(watched[i]) && Suggestions.Closest(watched[i], featureColumns.Where(c => !schema.Contains(c))) is { } typo)
                message += $"; FeatureSet {fs.Metadata.Name} lists \"{typo}\", which is not a column of Dataset {dataset!.Metadata.Name}: fix the FeatureSet";
            else
                message += Suggestions.DidYouMean(watched[i], sound);
            d.Add(o.Error($"spec.drift.features[{i}]", message));
        }
        if (spec.Quality is { } q && !TaskMetrics.For(fs.Spec.Label.Task).Contains(q.Metric))
        {
            d.Add(o.Error("spec.quality.metric", MetricMessage(q.Metric, fs.Spec.Label.Task)));
        }
        else if (spec.Quality is { } live && !TaskMetrics.Live(fs.Spec.Label.Task).Contains(live.Metric))
        {
            d.Add(o.Error("spec.quality.metric",
                $"metric \"{live.Metric}\" is not computed from live label feedback; the server keeps {string.Join(", ", TaskMetrics.Live(fs.Spec.Label.Task))} for task {ApiNames.Of(fs.Spec.Label.Task)}"));
        }
        else if (spec.Quality is { } quality && BoundAgainstDirection(quality.Metric, quality.Min, quality.Max) is (var field, var problem))
        {
            d.Add(o.Error($"spec.quality.{field}", problem));
        }
    }

    /// <summary>
    /// A bound against the metric's direction (min on logLoss, max on auc) is refused, not warned about:
    /// such a gate rejects every version better than the bound and passes every worse one, so with
    /// automatic promotion it ships the worse model; a warning would let CI pass exactly that.
    /// </summary>
    private static (string Field, string Problem)? BoundAgainstDirection(string metric, double? min, double? max)
    {
        var higherIsBetter = TaskMetrics.HigherIsBetter(metric);
        if (!higherIsBetter && min is { } low)
            return ("min", $"metric \"{metric}\" is lower-is-better: min {Number(low)} rejects every value below it, i.e. the better ones; use max: {Number(low)}");
        if (higherIsBetter && max is { } high)
            return ("max", $"metric \"{metric}\" is higher-is-better: max {Number(high)} rejects every value above it, i.e. the better ones; use min: {Number(high)}");
        return null;
    }

    private static string Number(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    // The suggestion goes last, where a reader looks for the fix: "...; did you mean "auc"?".
    private static string MetricMessage(string metric, PredictionTask task, string context = "")
    {
        var metrics = TaskMetrics.For(task);
        return $"metric \"{metric}\" is not produced by task {Name(task)}{context}; expected one of: {string.Join(", ", metrics)}{Suggestions.DidYouMean(metric, metrics)}";
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => ApiNames.Of(value);
}
