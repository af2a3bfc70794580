using System.Buffers;
using System.Text.Json;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Writes the v1 predict response: {"predictions": [...], "model_name", "model_version", "id"}.
/// Classifiers: one {"label", "probabilities": {class: p}} per instance; regression: one number per instance.
/// </summary>
public static class PredictResponseWriter
{
    private static readonly JsonEncodedText Predictions = JsonEncodedText.Encode("predictions");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Probabilities = JsonEncodedText.Encode("probabilities");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model_name");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("model_version");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");

    public static void Write(IBufferWriter<byte> buffer, string model, ServedVersion version, string requestId, BatchOutput output)
    {
        using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        var schema = version.Schema;
        w.WriteStartObject();
        w.WriteStartArray(Predictions);
        for (var r = 0; r < output.Rows; r++)
        {
            var row = output.Row(r);
            if (!schema.IsClassifier)
            {
                JsonFloat.Write(w, row[0]);
                continue;
            }
            w.WriteStartObject();
            w.WriteString(Label, schema.Classes[ModelSchema.ArgMax(row)]);
            w.WriteStartObject(Probabilities);
            for (var c = 0; c < row.Length; c++)
            {
                w.WritePropertyName(schema.Classes[c]);
                JsonFloat.Write(w, row[c]);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString(ModelName, model);
        w.WriteString(ModelVersion, version.Version);
        w.WriteString(Id, requestId);
        w.WriteEndObject();
    }
}
