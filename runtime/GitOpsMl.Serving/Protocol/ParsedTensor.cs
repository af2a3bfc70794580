namespace GitOpsMl.Serving.Protocol;

/// <summary>One entry of a v2 request's "inputs", parsed by its declared datatype (FP32 → Numbers, BYTES → Strings).</summary>
public sealed record ParsedTensor(string Name, string Datatype, long[] Shape, float[]? Numbers, string[]? Strings)
{
    public int Count => Numbers?.Length ?? Strings?.Length ?? 0;
}
