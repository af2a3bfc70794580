namespace GitOpsMl.Serving.Protocol;

/// <summary>Open Inference Protocol tensor metadata; -1 is the variable batch dimension.</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);
