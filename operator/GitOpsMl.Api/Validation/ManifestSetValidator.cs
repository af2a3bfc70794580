using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// Checks that need the whole set of objects: names are unique, references resolve, feature
/// columns exist in the dataset with a fitting type, gates and monitors name metrics the task
/// produces. Runs only over objects that passed their schema.
/// </summary>
public static class ManifestSetValidator
{
    private static readonly TransformType[] NumericTransforms =
        [TransformType.Standardize, TransformType.MinMax, TransformType.Log1p, TransformType.Clip, TransformType.Bucketize];

    public static IReadOnlyList<Diagnostic> Validate(IReadOnlyList<ManifestObject> objects, ValidationContext context)
    {
        var d = new List<Diagnostic>();
        var index = CheckDuplicates(objects, d);
        foreach (var o in objects)
        {
            switch (o.Resource)
            {
                case Dataset ds: CheckDataset(o, ds, context, d); break;
                case FeatureSet fs: CheckFeatureSet(o, fs, index, d); break;
                case TrainingJob tj: CheckTrainingJob(o, tj, index, d); break;
                case Deployment dep: Resolve<Model>(o, "spec.modelRef.name", dep.Spec.ModelRef.Name, index, d); break;
                case Kinds.Monitor mon: CheckMonitor(o, mon, index, d); break;
            }
        }
        return d;
    }

    /// <summary>kind → namespace/name → object; the first definition wins, later ones are errors.</summary>
    private static Dictionary<(string Kind, string Ns, string Name), ManifestObject> CheckDuplicates(IReadOnlyList<ManifestObject> objects, List<Diagnostic> d)
    {
        var index = new Dictionary<(string, string, string), ManifestObject>();
        foreach (var o in objects)
        {
            var key = (o.Kind.Kind, o.Namespace, o.Name);
            if (index.TryGetValue(key, out var first))
                d.Add(o.Error("metadata.name", $"duplicate {o.Kind.Kind} \"{o.Name}\" in namespace {o.Namespace}; first defined at {first.File}:{first.Start.Line}"));
            else index[key] = o;
        }
        return index;
    }

    private static T? Resolve<T>(ManifestObject from, string path, string name,
        Dictionary<(string Kind, string Ns, string Name), ManifestObject> index, List<Diagnostic> d) where T : class
    {
        var kind = KindRegistry.All.First(k => k.ClrType == typeof(T)).Kind;
        if (index.TryGetValue((kind, from.Namespace, name), out var target)) return (T)(object)target.Resource;
        var names = index.Keys.Where(k => k.Kind == kind && k.Ns == from.Namespace).Select(k => k.Name);
        d.Add(from.Error(path, $"{kind} \"{name}\" not found in namespace {from.Namespace}{Suggestions.DidYouMean(name, names)}"));
        return null;
    }

    private static void CheckDataset(ManifestObject o, Dataset ds, ValidationContext context, List<Diagnostic> d)
    {
        var spec = ds.Spec;
        var columns = spec.Schema.ToDictionary(c => c.Name, c => c);
        if (spec.Source.Path is { } path && context.DataFileExists is { } exists)
        {
            var (found, resolved) = exists(o.File, path);
            if (!found) d.Add(o.Error("spec.source.path", $"file not found: {resolved}"));
        }
    }

    private static void CheckFeatureSet(ManifestObject o, FeatureSet fs, Dictionary<(string, string, string), ManifestObject> index, List<Diagnostic> d)
    {
        var spec = fs.Spec;
        var dataset = Resolve<Dataset>(o, "spec.datasetRef.name", spec.DatasetRef.Name, index, d);
        if (dataset is null) return;
        var columns = dataset.Spec.Schema.ToDictionary(c => c.Name, c => c);
        var datasetRef = $"Dataset {dataset.Metadata.Name}";

        if (!columns.TryGetValue(spec.Label.Column, out var label))
            d.Add(o.Error("spec.label.column", $"column \"{spec.Label.Column}\" is not in the schema of {datasetRef}{Suggestions.DidYouMean(spec.Label.Column, columns.Keys)}"));
        else if (LabelProblem(label, spec.Label.Task) is { } problem)
            d.Add(o.Error("spec.label.column", problem));
        else if (label.Role is ColumnRole.Id or ColumnRole.Timestamp or ColumnRole.Ignore or ColumnRole.Weight)
            d.Add(o.Error("spec.label.column", $"column \"{label.Name}\" has role {Name(label.Role!.Value)} in {datasetRef}; a label column has role label (or feature)"));
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
            if (col.Role is ColumnRole.Id or ColumnRole.Label or ColumnRole.Timestamp or ColumnRole.Ignore or ColumnRole.Weight)
                d.Add(o.Error(path + ".column", $"column \"{f.Column}\" has role {Name(col.Role!.Value)} in {datasetRef} and cannot be a feature"));
            if (col.Type == ColumnType.Timestamp)
                d.Add(o.Error(path + ".column", $"column \"{f.Column}\" is a timestamp; timestamps cannot be features, derive a numeric column instead"));
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

    private static string? LabelProblem(ColumnSpec label, PredictionTask task)
    {
        var ok = task switch
        {
            PredictionTask.Binary => label.Type is ColumnType.Bool or ColumnType.Int or ColumnType.String
                || (label.Type == ColumnType.Category && (label.Values is null || label.Values.Count == 2)),
            PredictionTask.Multiclass => label.Type is ColumnType.Category or ColumnType.Int or ColumnType.String,
            _ => label.Type is ColumnType.Float or ColumnType.Int,
        };
        if (ok) return null;
        var expected = task switch
        {
            PredictionTask.Binary => "a bool, int, string or two-valued category column",
            PredictionTask.Multiclass => "a category, string or int column",
            _ => "a float or int column",
        };
        return $"task {Name(task)} needs {expected}; column \"{label.Name}\" has type {Name(label.Type)}"
            + (label.Values is { } v && task == PredictionTask.Binary ? $" with {v.Count} values" : "");
    }

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
                d.Add(o.Error(at, $"{Name(t.Type)} needs a category or string column; \"{col.Name}\" has type {Name(col.Type)} (use bucketize)"));
            if (t.Type == TransformType.Impute && !numeric && t.Strategy is ImputeStrategy.Mean or ImputeStrategy.Median)
                d.Add(o.Error($"{path}.transforms[{j}].strategy", $"strategy {Name(t.Strategy!.Value)} needs a numeric column; use mostFrequent or constant for \"{col.Name}\""));
            if (t.Type == TransformType.Impute && numeric && t.Strategy == ImputeStrategy.Constant
                && !double.TryParse(t.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                d.Add(o.Error($"{path}.transforms[{j}].value", $"\"{t.Value}\" is not a number; column \"{col.Name}\" is numeric"));
        }
    }

    private static void CheckTrainingJob(ManifestObject o, TrainingJob tj, Dictionary<(string, string, string), ManifestObject> index, List<Diagnostic> d)
    {
        var spec = tj.Spec;
        var fs = Resolve<FeatureSet>(o, "spec.featureSetRef.name", spec.FeatureSetRef.Name, index, d);
        var model = Resolve<Model>(o, "spec.modelRef.name", spec.ModelRef.Name, index, d);
        if (fs is null) return;
        var task = fs.Spec.Label.Task;
        var metrics = TaskMetrics.For(task);
        if (spec.EarlyStopping is { } es && !metrics.Contains(es.Metric))
            d.Add(o.Error("spec.earlyStopping.metric", MetricMessage(es.Metric, task)));
        var evaluationMetrics = spec.Evaluation?.Metrics ?? [];
        for (var i = 0; i < evaluationMetrics.Count; i++)
            if (!metrics.Contains(evaluationMetrics[i])) d.Add(o.Error($"spec.evaluation.metrics[{i}]", MetricMessage(evaluationMetrics[i], task)));

        var dataset = index.TryGetValue(("Dataset", o.Namespace, fs.Spec.DatasetRef.Name), out var dso) ? (Dataset)dso.Resource : null;
        var slices = spec.Evaluation?.Slices ?? [];
        if (dataset is not null)
        {
            var columns = dataset.Spec.Schema.Select(c => c.Name).ToList();
            for (var i = 0; i < slices.Count; i++)
                if (!columns.Contains(slices[i]))
                    d.Add(o.Error($"spec.evaluation.slices[{i}]", $"column \"{slices[i]}\" is not in the schema of Dataset {dataset.Metadata.Name}{Suggestions.DidYouMean(slices[i], columns)}"));
        }
        if (model is null) return;
        // Gates live on the Model but only make sense against what its training jobs produce.
        var modelObject = index[("Model", o.Namespace, model.Metadata.Name)];
        var gates = model.Spec.Gates ?? [];
        var trainsBaseline = !spec.Algorithm.IsLinear && spec.Baseline?.Enabled != false;
        for (var i = 0; i < gates.Count; i++)
        {
            var g = gates[i];
            if (!metrics.Contains(g.Metric))
                d.Add(modelObject.Error($"spec.gates[{i}].metric", MetricMessage(g.Metric, task, $" (TrainingJob {tj.Metadata.Name} trains this model)")));
            if (g.BeatsBaseline == true && !trainsBaseline)
                d.Add(modelObject.Error($"spec.gates[{i}].beatsBaseline", $"TrainingJob {tj.Metadata.Name} trains no baseline to beat ("
                    + (spec.Algorithm.IsLinear ? "its algorithm is linear: the baseline is the linear model itself" : "its baseline.enabled is false") + ")"));
            if (g.Slice is { } s && !slices.Contains(s.Column))
                d.Add(modelObject.Error($"spec.gates[{i}].slice.column", $"column \"{s.Column}\" is not in evaluation.slices of TrainingJob {tj.Metadata.Name}"));
        }
    }

    private static void CheckMonitor(ManifestObject o, Kinds.Monitor mon, Dictionary<(string, string, string), ManifestObject> index, List<Diagnostic> d)
    {
        var spec = mon.Spec;
        var deployment = Resolve<Deployment>(o, "spec.deploymentRef.name", spec.DeploymentRef.Name, index, d);
        if (spec.Actions?.RetrainJobRef is { } retrain)
            Resolve<TrainingJob>(o, "spec.actions.retrainJobRef.name", retrain.Name, index, d);
        if (deployment is null) return;
        // Follow Deployment → Model → the TrainingJobs registering it → FeatureSet, to know the features and task.
        var job = index.Values.Select(v => v.Resource).OfType<TrainingJob>()
            .FirstOrDefault(j => j.Spec.ModelRef.Name == deployment.Spec.ModelRef.Name && (j.Metadata.Namespace ?? "default") == o.Namespace);
        if (job is null || !index.TryGetValue(("FeatureSet", o.Namespace, job.Spec.FeatureSetRef.Name), out var fso)) return;
        var fs = (FeatureSet)fso.Resource;
        var featureColumns = fs.Spec.Features.Select(f => f.Column).ToList();
        var watched = spec.Drift?.Features ?? [];
        for (var i = 0; i < watched.Count; i++)
            if (!featureColumns.Contains(watched[i]))
                d.Add(o.Error($"spec.drift.features[{i}]", $"\"{watched[i]}\" is not a feature of FeatureSet {fs.Metadata.Name}{Suggestions.DidYouMean(watched[i], featureColumns)}"));
        if (spec.Quality is { } q && !TaskMetrics.For(fs.Spec.Label.Task).Contains(q.Metric))
            d.Add(o.Error("spec.quality.metric", MetricMessage(q.Metric, fs.Spec.Label.Task)));
    }

    // The suggestion goes last, where a reader looks for the fix: "...; did you mean "auc"?".
    private static string MetricMessage(string metric, PredictionTask task, string context = "")
    {
        var metrics = TaskMetrics.For(task);
        return $"metric \"{metric}\" is not produced by task {Name(task)}{context}; expected one of: {string.Join(", ", metrics)}{Suggestions.DidYouMean(metric, metrics)}";
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
