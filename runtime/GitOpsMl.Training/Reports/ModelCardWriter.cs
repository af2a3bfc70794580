using GitOpsMl.Api.Common;
using System.Globalization;
using System.Text;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Reports;

/// <summary>model-card.md: what the model is, what it was trained on, how well it does overall and per slice, and its limits, in plain language.</summary>
public static class ModelCardWriter
{
    public sealed record Input(
        string ModelName,
        string Version,
        string DatasetName,
        string DatasetPath,
        string DatasetSha256,
        FeatureSetSpec FeatureSet,
        IReadOnlyList<string> FeatureOutputs,
        string Algorithm,
        BundleLineage Lineage,
        MetricsDocument Metrics,
        int DroppedRows,
        IReadOnlyDictionary<string, long>? DroppedByReason = null);

    public static string Write(Input i)
    {
        var m = i.Metrics;
        var b = new StringBuilder();
        b.AppendLine($"# Model card: {i.ModelName} (version {i.Version})");
        b.AppendLine();
        b.AppendLine($"A {TaskWords(m.Task)} model predicting `{i.FeatureSet.Label.Column}`, trained by GitOpsMl with a {i.Algorithm}.");
        if (m.Warnings is { Count: > 0 } warnings)
        {
            b.AppendLine();
            b.AppendLine("## Warnings");
            b.AppendLine();
            foreach (var w in warnings)
            {
                b.AppendLine($"- **{w.Reason}**: {w.Message}");
            }
        }
        b.AppendLine();
        b.AppendLine("## Data");
        b.AppendLine();
        b.AppendLine($"- Dataset `{i.DatasetName}` from `{i.DatasetPath}`, sha256 `{i.DatasetSha256}`.");
        b.AppendLine($"- Rows: {m.Rows.Train} train, {m.Rows.Validation} validation, {m.Rows.Test} test" +
                     (i.DroppedRows > 0 ? $"; {i.DroppedRows} rows were dropped{DropReasons(i.DroppedByReason)}." : "."));
        if (m.WeightedBy is { } weight)
            b.AppendLine($"- Rows are weighted by column `{weight}` (role weight): a row counts in the training loss, early stopping and every metric below in proportion to its weight. Row counts are counts of rows.");
        if (i.Lineage.GitCommit is { } commit) b.AppendLine($"- Manifests from git commit `{commit}`.");
        b.AppendLine();
        b.AppendLine("## Features");
        b.AppendLine();
        foreach (var f in i.FeatureSet.Features)
        {
            var steps = f.Transforms is { Count: > 0 } t ? string.Join(" → ", t.Select(s => ApiNames.Of(s.Type))) : "default encoding";
            b.AppendLine($"- `{f.Column}`: {steps}");
        }
        b.AppendLine();
        b.AppendLine($"{i.FeatureOutputs.Count} numeric inputs reach the network. The transforms were fitted on the training split only and are part of `model.onnx`, so serving applies exactly the same ones.");
        if (i.FeatureSet.ProhibitedColumns is { Count: > 0 } prohibited)
            b.AppendLine($"Columns never used as features: {string.Join(", ", prohibited.Select(p => $"`{p}`"))}.");
        b.AppendLine();
        b.AppendLine("## Quality on the test split");
        b.AppendLine();
        if (m.WeightedBy is { } weightedBy)
        {
            b.AppendLine($"Every metric in this card is weighted by `{weightedBy}`.");
            b.AppendLine();
        }
        var references = new List<(string Name, IReadOnlyDictionary<string, double> Values)>();
        if (m.Baseline is not null) references.Add(("linear baseline", m.Baseline));
        if (m.Trivial is not null) references.Add(("trivial predictor", m.Trivial));
        b.AppendLine($"| metric | model |{string.Concat(references.Select(r => $" {r.Name} |"))}");
        b.AppendLine($"|---|---|{string.Concat(references.Select(_ => "---|"))}");
        foreach (var (metric, value) in m.Test)
            b.AppendLine($"| {metric} | {Num(value)} |{string.Concat(references.Select(r => r.Values.TryGetValue(metric, out var v) ? $" {Num(v)} |" : " – |"))}");
        var key = TrivialComparison.PrimaryMetric(m.Task);
        if (m.Trivial?.GetValueOrDefault(key, double.NaN) is { } trivial && double.IsFinite(trivial) && m.Test.TryGetValue(key, out var model))
        {
            b.AppendLine();
            b.AppendLine($"The trivial predictor ignores the features: {TrivialWords(m.Task)}.");
            b.AppendLine(Better(key, model, trivial)
                ? $"The model beats the trivial predictor on {key}."
                : $"**The model does not beat the trivial predictor on {key}**: it has learned nothing useful from the features.");
        }
        if (m.Baseline is not null)
        {
            var at = m.Baseline[key];
            b.AppendLine();
            b.AppendLine(Better(key, m.Test[key], at) || m.Test[key] == at
                ? $"The model does at least as well as the linear baseline on {key}."
                : $"**The linear baseline does better on {key}**: a simpler model would serve as well.");
            if (m.Trivial?.GetValueOrDefault(key, double.NaN) is { } t && double.IsFinite(t) && !Better(key, at, t))
                b.AppendLine($"The linear baseline itself does not beat the trivial predictor on {key}, so beating the baseline says little.");
        }
        if (m.Slices.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("## Quality per slice");
            b.AppendLine();
            var metrics = m.Slices.Values.First().Keys.ToList();
            b.AppendLine($"| slice | rows | {string.Join(" | ", metrics)} |");
            b.AppendLine($"|---|---|{string.Concat(metrics.Select(_ => "---|"))}");
            foreach (var (slice, values) in m.Slices)
                b.AppendLine($"| {slice} | {m.SliceRows[slice]} | {string.Join(" | ", metrics.Select(k => values.TryGetValue(k, out var v) ? Num(v) : "–"))} |");
            if (m.SliceBins is { Count: > 0 } bins)
            {
                b.AppendLine();
                foreach (var (column, edges) in bins)
                    b.AppendLine($"`{column}` has too many values to slice by each, so it is cut into quartiles of the test rows at {string.Join(", ", edges.Select(e => e.ToString("G6", CultureInfo.InvariantCulture)))} (the same numbers as in the slice names).");
            }
        }
        b.AppendLine();
        b.AppendLine("## Limitations");
        b.AppendLine();
        b.AppendLine("- Metrics come from one held-out test split of the same dataset; they say nothing about data that drifts away from it. The Monitor compares live inputs with `profile.json`.");
        b.AppendLine("- Slices with few rows have noisy metrics; read them with their row counts.");
        b.AppendLine("- Categories not seen in training are encoded as unknown; numeric values far outside the training range are extrapolated, not refused.");
        b.AppendLine();
        b.AppendLine("## Reproducibility");
        b.AppendLine();
        b.AppendLine($"Seed {i.Lineage.Seed}, device {i.Lineage.Device}, TorchSharp {i.Lineage.TorchSharpVersion}, ONNX Runtime {i.Lineage.OnnxRuntimeVersion}. " +
                     $"Spec hash `{i.Lineage.SpecHash}`. ONNX Runtime reproduced the TorchSharp outputs on {m.Parity.Rows} test rows within {m.Parity.MaxAbsDifference:E1} (tolerance {m.Parity.Tolerance:E0}).");
        return b.ToString();
    }

    private static bool Better(string metric, double value, double than) => TrivialComparison.Better(metric, value, than);

    private static string TrivialWords(string task) => task switch
    {
        "regression" => "it predicts the training mean for every row",
        _ => "it gives every row the training split's class frequencies, so it always picks the majority class",
    };

    private static string DropReasons(IReadOnlyDictionary<string, long>? reasons) =>
        reasons is not { Count: > 0 } ? " as invalid or unlabeled"
            : " (" + string.Join(", ", reasons.Select(r => $"{r.Value} {ReasonWords(r.Key)}")) + ")";

    private static string ReasonWords(string reason) => reason switch
    {
        "invalid" => "breaking the schema",
        "labelMissing" => "without a label",
        "labelUnseen" => "with a class the training split does not have",
        "labelNotFinite" => "with an infinite label",
        _ => reason,
    };

    private static string TaskWords(string task) => task switch
    {
        "binary" => "binary classification",
        "multiclass" => "multiclass classification",
        _ => "regression",
    };

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
