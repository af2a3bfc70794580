using System.Text.Json;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;

namespace GitOpsMl.Serving.Quality;

/// <summary>
/// Joins label feedback to remembered predictions and feeds each version's quality window
/// (including a shadow version's, when it saw the same request). A request is validated as a
/// whole first: one bad label refuses the request and changes nothing.
/// </summary>
public sealed class FeedbackService(ServingMetrics metrics, TimeProvider time)
{
    public const int MaxItems = 10_000;

    private readonly record struct Join(string Id, StoredPrediction Entry, ServedVersion Version, int Row, double Label, bool Shadow);

    public RequestError? Apply(ServedModel model, FeedbackRequest? request, out FeedbackResponse? response)
    {
        response = null;
        if (request?.Feedback is not { } items) return RequestError.BadRequest("body has no \"feedback\" array", expected: "{\"feedback\": [{\"id\", \"label\"}]}");
        if (items.Count > MaxItems) return RequestError.BadRequest($"feedback has {items.Count} items; at most {MaxItems} per request");
        var joins = new List<Join>();
        var unknown = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || string.IsNullOrEmpty(item.Id)) return RequestError.BadRequest($"feedback[{i}] has no id", expected: "the request id of the prediction");
            var labels = Labels(item, i, out var error);
            if (error is not null) return error;
            var found = false;
            foreach (var (store, shadow) in new[] { (model.Predictions, false), (model.ShadowPredictions, true) })
            {
                if (store.Find(item.Id) is not { } entry) continue;
                if (model.Find(entry.Version) is not { } version) continue;
                found |= !shadow;
                if (labels!.Count != entry.Rows)
                {
                    if (shadow) continue;
                    return RequestError.BadRequest($"feedback[{i}] ({item.Id}) has {labels.Count} labels but the request had {entry.Rows} rows", "labels", $"{entry.Rows} labels");
                }
                for (var r = 0; r < labels.Count; r++)
                {
                    if (!LabelReader.TryRead(version.Schema, labels[r], out var value, out var expected))
                    {
                        if (shadow) break;
                        return RequestError.BadRequest($"feedback[{i}] ({item.Id}): label {labels[r].GetRawText()} is not valid for {model.Name} version {version.Version}", "label", expected);
                    }
                    joins.Add(new Join(item.Id, entry, version, r, value, shadow));
                }
            }
            if (!found) unknown.Add(item.Id);
        }

        var accepted = 0;
        var already = new HashSet<string>(StringComparer.Ordinal);
        var touched = new HashSet<ServedVersion>();
        var now = time.GetUtcNow().UtcTicks;
        foreach (var j in joins)
        {
            var store = j.Shadow ? model.ShadowPredictions : model.Predictions;
            if (!store.TryClaimRow(j.Entry, j.Row))
            {
                if (!j.Shadow) already.Add(j.Id);
                continue;
            }
            j.Version.Quality.Add(Sample(j.Version.Schema, j.Entry.Row(j.Row), j.Label, now));
            touched.Add(j.Version);
            if (!j.Shadow) accepted++;
            metrics.Feedback.WithLabels(model.Name, j.Version.Version).Inc();
        }
        var quality = new Dictionary<string, QualityStats>(StringComparer.Ordinal);
        foreach (var v in touched)
        {
            var q = v.Quality.Snapshot();
            quality[v.Version] = q;
            foreach (var (metric, value) in q.Values()) metrics.LiveQuality[metric].WithLabels(model.Name, v.Version).Set(value);
        }
        response = new FeedbackResponse(accepted, unknown, already.ToArray(), quality);
        return null;
    }

    private static IReadOnlyList<JsonElement>? Labels(FeedbackItem item, int index, out RequestError? error)
    {
        error = null;
        if (item.Label is { } one && item.Labels is null) return [one];
        if (item.Labels is { Count: > 0 } many && item.Label is null) return many;
        error = RequestError.BadRequest($"feedback[{index}] ({item.Id}) needs exactly one of \"label\" or a non-empty \"labels\"", "label", "\"label\": value or \"labels\": [values]");
        return null;
    }

    public static LabeledSample Sample(ModelSchema schema, ReadOnlySpan<float> row, double label, long atTicks)
    {
        if (!schema.IsClassifier) return new LabeledSample(atTicks, row[0], label, 0, 0);
        var trueClass = (int)label;
        return new LabeledSample(atTicks, schema.Task == ModelTask.Binary ? row[1] : row[ModelSchema.ArgMax(row)], label, ModelSchema.ArgMax(row), row[trueClass]);
    }
}
