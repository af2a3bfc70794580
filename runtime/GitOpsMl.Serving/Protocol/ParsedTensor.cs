namespace GitOpsMl.Serving.Protocol;

/// <summary>One entry of a v2 request's "inputs", parsed by its declared datatype (FP32 → Numbers, BYTES → Strings).</summary>
public sealed record ParsedTensor(string Name, string Datatype, long[] Shape, float[]? Numbers, string[]? Strings)
{
    /// <summary>An integer tensor's values as sent (null = missing), beside <see cref="Numbers"/>: what a categorical input reads.</summary>
    public long?[]? Integers { get; init; }

    public int Count => Numbers?.Length ?? Strings?.Length ?? 0;
}
