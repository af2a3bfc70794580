using System.Buffers;
using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Parses an Open Inference Protocol v2 infer request body in one pass over the bytes, without
/// building a document. Data may be flat or nested (it is read row-major); FP32 data accepts finite
/// numbers and null or "NaN" as missing (infinite values are refused), BYTES data accepts null as missing. Never throws:
/// every problem comes back as a 400 <see cref="RequestError"/>.
/// </summary>
public static class V2RequestParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    public static bool TryParse(ReadOnlySpan<byte> body, out V2InferRequest? request, out RequestError? error) =>
        TryParse(new ReadOnlySequence<byte>(body.ToArray()), out request, out error);

    /// <summary>Parses a body held in segments (see RequestBody) without joining them into one array.</summary>
    public static bool TryParse(ReadOnlySequence<byte> body, out V2InferRequest? request, out RequestError? error)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            error = ParseRoot(ref reader, body.Length, out request);
            if (error is null && reader.Read())
            {
                error = RequestError.BadRequest("body has content after the JSON object");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (e.g. a lone "\ud800").
            error = RequestError.BadRequest($"body is not valid JSON: {e.Message}", expected: "a JSON object {\"inputs\": [...]}");
        }
        if (error is not null) request = null;
        return error is null;
    }

    private static RequestError? ParseRoot(ref Utf8JsonReader reader, long bodyLength, out V2InferRequest? request)
    {
        request = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return RequestError.BadRequest("body must be a JSON object", expected: "{\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        }
        string? id = null;
        List<ParsedTensor>? inputs = null;
        List<string>? outputs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return RequestError.BadRequest($"id must be a string, got {JsonValues.Describe(ref reader)}");
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) return RequestError.BadRequest($"inputs must be an array, got {JsonValues.Describe(ref reader)}");
                inputs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var e = ParseTensor(ref reader, inputs.Count, bodyLength, out var tensor);
                    if (e is not null) return e;
                    inputs.Add(tensor!);
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) return RequestError.BadRequest($"outputs must be an array, got {JsonValues.Describe(ref reader)}");
                outputs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var e = ParseOutput(ref reader, outputs.Count, out var name);
                    if (e is not null) return e;
                    outputs.Add(name!);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (inputs is null) return RequestError.BadRequest("body has no \"inputs\"", expected: "\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]");
        request = new V2InferRequest(id, inputs, outputs);
        return null;
    }

    private static RequestError? ParseOutput(ref Utf8JsonReader reader, int index, out string? name)
    {
        name = null;
        if (reader.TokenType != JsonTokenType.StartObject) return RequestError.BadRequest($"outputs[{index}] must be an object with a name, got {JsonValues.Describe(ref reader)}");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName)
            {
                if (reader.TokenType != JsonTokenType.String) return RequestError.BadRequest($"outputs[{index}].name must be a string");
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
        return name is null ? RequestError.BadRequest($"outputs[{index}] has no name") : null;
    }

    private static RequestError? ParseTensor(ref Utf8JsonReader reader, int index, long bodyLength, out ParsedTensor? tensor)
    {
        tensor = null;
        string? name = null;
        // Only error messages need the description, so it is built on the error path.
        string Where() => name is null ? $"inputs[{index}]" : $"input '{name}'";
        if (reader.TokenType != JsonTokenType.StartObject) return RequestError.BadRequest($"{Where()} must be an object, got {JsonValues.Describe(ref reader)}");
        string? datatype = null;
        List<long>? shape = null;
        Utf8JsonReader data = default;
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return RequestError.BadRequest($"{Where()}.name must be a string, got {JsonValues.Describe(ref reader)}");
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return RequestError.BadRequest($"{Where()}.datatype must be a string", name, "FP32 or BYTES");
                datatype = reader.GetString();
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) return RequestError.BadRequest($"{Where()}: shape must be an array of non-negative integers", name, "[N, 1]");
                shape = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim) || dim < 0 || shape.Count >= 8)
                    {
                        return RequestError.BadRequest($"{Where()}: shape must be an array of non-negative integers", name, "[N, 1]");
                    }
                    shape.Add(dim);
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) return RequestError.BadRequest($"{Where()}: data must be an array, got {JsonValues.Describe(ref reader)}", name, "a row-major array");
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (name is null) return RequestError.BadRequest($"{Where()} has no name", expected: "\"name\": the input column");
        if (datatype is null) return RequestError.BadRequest($"{Where()} has no datatype", name, "FP32 or BYTES");
        if (shape is null) return RequestError.BadRequest($"{Where()} has no shape", name, "[N, 1]");
        if (!hasData) return RequestError.BadRequest($"{Where()} has no data", name, "a row-major array");
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > bodyLength) return RequestError.BadRequest($"{Where()}: shape [{string.Join(",", shape)}] needs more values than the body holds", name);
        }
        if (datatype == Datatypes.Bytes) return ReadStrings(ref data, name, shape, (int)count, out tensor);
        if (NumericDatatype.Of(datatype) is { } numeric) return ReadNumbers(ref data, name, shape, (int)count, numeric, out tensor);
        return RequestError.BadRequest(
            Datatypes.Known.Contains(datatype) ? $"{Where()}: datatype {datatype} is not supported" : $"{Where()}: unknown datatype '{datatype}'",
            name, "FP32 or another numeric datatype (numeric), or BYTES (categorical)");
    }

    /// <summary>Any numeric datatype becomes an FP32 tensor: the model's input type, whatever the client's column held.</summary>
    private static RequestError? ReadNumbers(ref Utf8JsonReader reader, string name, List<long> shape, int count, NumericDatatype datatype, out ParsedTensor? tensor)
    {
        if (datatype.ReadInteger is { } readInteger)
        {
            var integerError = ReadValues<long?>(ref reader, name, shape, count, new ValueReader<long?>(readInteger), datatype.DescribeNotValue, datatype.Expected, out var integers);
            tensor = integerError is null
                ? new ParsedTensor(name, Datatypes.Fp32, shape.ToArray(), Array.ConvertAll(integers, v => v ?? float.NaN), null) { Integers = integers }
                : null;
            return integerError;
        }
        var error = ReadValues<float>(ref reader, name, shape, count, new ValueReader<float>(datatype.Read), datatype.DescribeNotValue, datatype.Expected, out var values);
        tensor = error is null ? new ParsedTensor(name, Datatypes.Fp32, shape.ToArray(), values, null) : null;
        return error;
    }

    private static RequestError? ReadStrings(ref Utf8JsonReader reader, string name, List<long> shape, int count, out ParsedTensor? tensor)
    {
        var error = ReadValues<string>(ref reader, name, shape, count, new StringInterner().TryRead, JsonValues.Describe, "BYTES strings (null for missing)", out var values);
        tensor = error is null ? new ParsedTensor(name, Datatypes.Bytes, shape.ToArray(), null, values) : null;
        return error;
    }

    private delegate bool ValueReader<T>(ref Utf8JsonReader reader, out T value);

    private delegate string Describer(ref Utf8JsonReader reader);

    /// <summary>Reads a (possibly nested) data array row-major into exactly <paramref name="count"/> values.</summary>
    private static RequestError? ReadValues<T>(ref Utf8JsonReader reader, string name, List<long> shape, int count,
        ValueReader<T> read, Describer describe, string expected, out T[] values)
    {
        values = new T[count];
        var n = 0;
        var depth = 1;
        while (depth > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray: depth++; continue;
                case JsonTokenType.EndArray: depth--; continue;
            }
            if (!read(ref reader, out var v))
            {
                return RequestError.BadRequest($"input '{name}': data[{n}] is {describe(ref reader)}", name, expected);
            }
            if (n >= count) return CountMismatch(name, shape, count);
            values[n++] = v;
        }
        return n != count ? CountMismatch(name, shape, count, n) : null;
    }

    private static RequestError CountMismatch(string name, List<long> shape, int count, int? actual = null) =>
        RequestError.BadRequest(
            $"input '{name}': shape [{string.Join(",", shape)}] needs {count} values, data has {(actual is { } a ? a.ToString() : "more")}",
            name, $"{count} values");
}
