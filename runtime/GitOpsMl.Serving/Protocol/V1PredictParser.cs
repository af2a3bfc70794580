using System.Buffers;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Parses the convenience body <c>{"instances": [{"column": value, ...}, ...]}</c> against a version's
/// columns: every column exactly once per instance, numbers (or null/"NaN") for numeric columns,
/// true/false, 1/0 or bool text (or null) for bool ones (<see cref="BoolInput"/>), strings (or null) for categorical ones, timestamp text or Unix seconds (or null) for timestamp
/// ones. Never throws.
/// </summary>
public static class V1PredictParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    public static bool TryParse(ReadOnlySpan<byte> body, ModelSchema schema, out RowBatch? rows, out RequestError? error) =>
        TryParse(new ReadOnlySequence<byte>(body.ToArray()), schema, out rows, out error);

    /// <summary>Parses a body held in segments (see RequestBody) without joining them into one array.</summary>
    public static bool TryParse(ReadOnlySequence<byte> body, ModelSchema schema, out RowBatch? rows, out RequestError? error)
    {
        rows = null;
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            error = ParseRoot(ref reader, schema, out rows);
            if (error is null && reader.Read()) error = RequestError.BadRequest("body has content after the JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (e.g. a lone "\ud800").
            error = RequestError.BadRequest($"body is not valid JSON: {e.Message}", expected: "{\"instances\": [{\"column\": value}]}");
        }
        if (error is not null) rows = null;
        return error is null;
    }

    private static RequestError? ParseRoot(ref Utf8JsonReader reader, ModelSchema schema, out RowBatch? rows)
    {
        rows = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return RequestError.BadRequest("body must be a JSON object", expected: "{\"instances\": [{\"column\": value}]}");
        }
        var columns = schema.Inputs.Count;
        var numbers = schema.Inputs.Select(c => c.IsNumeric ? new List<float>() : null).ToArray();
        var strings = schema.Inputs.Select(c => c.IsNumeric || c.IsTimestamp ? null : new List<string>()).ToArray();
        var seconds = schema.Inputs.Select(c => c.IsTimestamp ? new List<double>() : null).ToArray();
        var found = false;
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("instances"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            found = true;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray) return RequestError.BadRequest($"instances must be an array, got {JsonValues.Describe(ref reader)}");
            var seen = new bool[columns];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var e = ParseInstance(ref reader, schema, count, seen, numbers, strings, seconds);
                if (e is not null) return e;
                count++;
            }
        }
        if (!found) return RequestError.BadRequest("body has no \"instances\"", expected: "{\"instances\": [{\"column\": value}]}");
        if (count == 0) return RequestError.BadRequest("instances is empty", expected: "at least one instance");
        rows = new RowBatch(count, numbers.Select(l => l?.ToArray()).ToArray(), strings.Select(l => l?.ToArray()).ToArray(), seconds.Select(l => l?.ToArray()).ToArray());
        return null;
    }

    private static RequestError? ParseInstance(ref Utf8JsonReader reader, ModelSchema schema, int index, bool[] seen,
        List<float>?[] numbers, List<string>?[] strings, List<double>?[] seconds)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return RequestError.BadRequest($"instances[{index}] must be an object of column → value, got {JsonValues.Describe(ref reader)}");
        }
        Array.Clear(seen);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var column = schema.Find(name);
            if (column is null)
            {
                return RequestError.BadRequest($"instances[{index}]: unknown input '{name}'", name, $"one of: {V2InputBinder.Describe(schema)}");
            }
            if (seen[column.Index]) return RequestError.BadRequest($"instances[{index}]: input '{name}' is given more than once", name);
            seen[column.Index] = true;
            reader.Read();
            if (column.IsBool)
            {
                if (!BoolInput.TryRead(ref reader, out var b))
                {
                    return BoolInput.NotBool(column, $"instances[{index}]: input '{name}' {BoolInput.Describe(ref reader)}");
                }
                numbers[column.Index]!.Add(b);
            }
            else if (column.IsNumeric)
            {
                if (!JsonValues.TryReadFloat(ref reader, out var v))
                {
                    return RequestError.BadRequest($"instances[{index}]: input '{name}' is {JsonValues.DescribeNotFloat(ref reader)}", name, "a number (finite), or null for missing");
                }
                numbers[column.Index]!.Add(v);
            }
            else if (column.IsTimestamp)
            {
                // Unix seconds as a number, or timestamp text parsed as the data readers parse it.
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var unix) && double.IsFinite(unix))
                {
                    seconds[column.Index]!.Add(unix);
                }
                else if (JsonValues.TryReadString(ref reader, out var text) && TimestampInput.TryParse(text, out var parsed))
                {
                    seconds[column.Index]!.Add(parsed);
                }
                else
                {
                    return RequestError.BadRequest($"instances[{index}]: input '{name}' is not a timestamp: {Describe(ref reader)}", name, column.Expected);
                }
            }
            else
            {
                if (!JsonValues.TryReadCategory(ref reader, out var s))
                {
                    return RequestError.BadRequest($"instances[{index}]: input '{name}' is {JsonValues.Describe(ref reader)}", name, column.Expected);
                }
                strings[column.Index]!.Add(s);
            }
        }
        foreach (var column in schema.Inputs)
        {
            if (!seen[column.Index])
            {
                return RequestError.BadRequest($"instances[{index}]: missing input '{column.Name}'", column.Name, column.Expected);
            }
        }
        return null;
    }

    private static string Describe(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{UserText.Shorten(reader.GetString()!)}\"" : JsonValues.Describe(ref reader);

}
