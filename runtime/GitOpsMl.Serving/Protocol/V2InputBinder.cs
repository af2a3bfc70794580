using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Matches a v2 request's inputs to a model version's columns: every column exactly once, with
/// its datatype (numeric FP32, bool BOOL/FP32/BYTES, categorical BYTES or integers, timestamp BYTES; timestamps and bool text parsed here), shape [N,1] or [N], and the same N everywhere.
/// </summary>
public static class V2InputBinder
{
    public static RequestError? Bind(ModelSchema schema, V2InferRequest request, out RowBatch? rows)
    {
        rows = null;
        var numbers = new float[]?[schema.Inputs.Count];
        var strings = new string[]?[schema.Inputs.Count];
        var seconds = new double[]?[schema.Inputs.Count];
        var seen = new bool[schema.Inputs.Count];
        string? first = null;
        long n = -1;
        foreach (var tensor in request.Inputs)
        {
            var column = schema.Find(tensor.Name);
            if (column is null)
            {
                return RequestError.BadRequest($"unknown input '{tensor.Name}'", tensor.Name, $"one of: {Describe(schema)}");
            }
            if (seen[column.Index]) return RequestError.BadRequest($"input '{tensor.Name}' is given more than once", tensor.Name);
            seen[column.Index] = true;
            // A bool column takes BOOL and the other numeric datatypes (the parser made them FP32) or BYTES text.
            // A categorical column takes an integer tensor as its values' decimal text (integer codes declared category).
            var integerCodes = column.IsCategorical && tensor.Integers is not null;
            if (tensor.Datatype != column.Datatype && !(column.IsBool && tensor.Datatype is Datatypes.Fp32 or Datatypes.Bytes) && !integerCodes)
            {
                return RequestError.BadRequest($"input '{tensor.Name}' has datatype {tensor.Datatype}, expected {column.Datatype}", tensor.Name, column.Datatype);
            }
            var shape = tensor.Shape;
            if (shape.Length is not (1 or 2) || (shape.Length == 2 && shape[1] != 1))
            {
                return RequestError.BadRequest($"input '{tensor.Name}' has shape [{string.Join(",", shape)}], expected [N,1]", tensor.Name, "[N,1] or [N]");
            }
            if (shape[0] == 0) return RequestError.BadRequest($"input '{tensor.Name}' has no rows (shape [{string.Join(",", shape)}])", tensor.Name, "N ≥ 1");
            if (n >= 0 && shape[0] != n)
            {
                return RequestError.BadRequest($"input '{tensor.Name}' has {shape[0]} rows but '{first}' has {n}", tensor.Name, $"[{n},1]");
            }
            n = shape[0];
            first ??= tensor.Name;
            if (column.IsBool)
            {
                RequestError? error;
                float[] values;
                if (tensor.Numbers is { } given)
                {
                    values = given;
                    error = BoolInput.Check(column, values);
                }
                else
                {
                    values = BoolInput.Parse(column, tensor.Strings!, out error);
                }
                if (error is not null) return error;
                numbers[column.Index] = values;
            }
            else if (column.IsNumeric)
            {
                numbers[column.Index] = tensor.Numbers;
            }
            else if (column.IsTimestamp)
            {
                var parsed = TimestampInput.Parse(column, tensor.Strings!, out var error);
                if (error is not null) return error;
                seconds[column.Index] = parsed;
            }
            else
            {
                strings[column.Index] = integerCodes ? JsonValues.CodeTexts(tensor.Integers!) : tensor.Strings;
            }
        }
        foreach (var column in schema.Inputs)
        {
            if (!seen[column.Index])
            {
                return RequestError.BadRequest($"missing input '{column.Name}'", column.Name, $"{column.Datatype} [N,1]");
            }
        }
        if (request.Outputs is { } outputs)
        {
            foreach (var output in outputs)
            {
                if (!schema.OutputNames.Contains(output))
                {
                    return RequestError.BadRequest($"unknown output '{output}'", output, $"one of: {string.Join(", ", schema.OutputNames)}");
                }
            }
        }
        rows = new RowBatch((int)n, numbers, strings, seconds);
        return null;
    }

    public static string Describe(ModelSchema schema) => string.Join(", ", schema.Inputs.Select(c => $"{c.Name} ({c.Datatype})"));
}
