namespace GitOpsMl.Serving.Protocol;

/// <summary>A parsed v2 infer request: optional id, inputs in request order, optionally the outputs asked for.</summary>
public sealed record V2InferRequest(string? Id, IReadOnlyList<ParsedTensor> Inputs, IReadOnlyList<string>? Outputs);
