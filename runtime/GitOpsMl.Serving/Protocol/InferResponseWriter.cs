using System.Buffers;
using System.Text.Json;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Writes the v2 infer response: model_name, model_version (the version that answered), id (the
/// request id) and outputs — "probabilities" FP32 [N,C] and "label" BYTES [N] for classifiers,
/// "predictions" FP32 [N,1] for regression — restricted to the requested outputs if any.
/// </summary>
public static class InferResponseWriter
{
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model_name");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("model_version");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Datatype = JsonEncodedText.Encode("datatype");
    private static readonly JsonEncodedText Shape = JsonEncodedText.Encode("shape");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Fp32 = JsonEncodedText.Encode(Datatypes.Fp32);
    private static readonly JsonEncodedText Bytes = JsonEncodedText.Encode(Datatypes.Bytes);

    public static void Write(IBufferWriter<byte> buffer, string model, ServedVersion version, string requestId, BatchOutput output, IReadOnlyList<string>? requested)
    {
        using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        var schema = version.Schema;
        w.WriteStartObject();
        w.WriteString(ModelName, model);
        w.WriteString(ModelVersion, version.Version);
        w.WriteString(Id, requestId);
        w.WriteStartArray(Outputs);
        if (Wanted(requested, schema.OnnxOutput))
        {
            w.WriteStartObject();
            w.WriteString(Name, schema.OnnxOutput);
            w.WriteString(Datatype, Fp32);
            w.WriteStartArray(Shape);
            w.WriteNumberValue(output.Rows);
            w.WriteNumberValue(output.Width);
            w.WriteEndArray();
            w.WriteStartArray(Data);
            foreach (var v in output.Values) JsonFloat.Write(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (schema.IsClassifier && Wanted(requested, ModelSchema.LabelOutput))
        {
            w.WriteStartObject();
            w.WriteString(Name, ModelSchema.LabelOutput);
            w.WriteString(Datatype, Bytes);
            w.WriteStartArray(Shape);
            w.WriteNumberValue(output.Rows);
            w.WriteEndArray();
            w.WriteStartArray(Data);
            for (var r = 0; r < output.Rows; r++) w.WriteStringValue(schema.Classes[ModelSchema.ArgMax(output.Row(r))]);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static bool Wanted(IReadOnlyList<string>? requested, string name) => requested is null || requested.Contains(name);
}
