namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// GET /v2/models/{name}[/versions/{v}]: the protocol's name, versions, platform, inputs and
/// outputs, plus the version that answers by default, the task, classes and the routing in force.
/// </summary>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs,
    string Version,
    string Task,
    IReadOnlyList<string> Classes,
    RoutingStatus? Routing,
    IReadOnlyList<LoadFailureStatus> LoadFailures);
