namespace GitOpsMl.Serving.Endpoints;

/// <summary>Which wire format an inference request uses.</summary>
public enum InferenceProtocol { V2Infer, V1Predict }
