using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// Everything one inference request accumulates as it passes the pipeline's stages: which model
/// and version, its ids, its rows and its answer. Each stage fills in its part; a failure at any
/// stage reads what is known so far (model, answering version, ids) to label its error and metrics.
/// </summary>
public sealed class InferenceScope(HttpContext context, string modelName, string? pinnedVersion, InferenceProtocol protocol, long started)
{
    public HttpContext Context { get; } = context;

    public string ModelName { get; } = modelName;

    public string? PinnedVersion { get; } = pinnedVersion;

    public InferenceProtocol Protocol { get; } = protocol;

    /// <summary>Stopwatch timestamp of arrival.</summary>
    public long Started { get; } = started;

    public string Endpoint => Protocol == InferenceProtocol.V2Infer ? "infer" : "predict";

    public ServedModel? Model { get; set; }

    /// <summary>Size of the body read (0 until read, or when refused).</summary>
    public long BodyBytes { get; set; }

    /// <summary>The id for headers, logs and canary assignment: the x-request-id header, else a header-safe body id, else generated.</summary>
    public string? TraceId { get; set; }

    /// <summary>The v2 body's "id", echoed unchanged in the response body (Open Inference Protocol).</summary>
    public string? BodyId { get; set; }

    public RouteDecision Decision { get; set; }

    /// <summary>The version that answers, once routed.</summary>
    public string? Answering { get; set; }

    public RowBatch? Rows { get; set; }

    public IReadOnlyList<string>? Outputs { get; set; }

    public BatchItem? Item { get; set; }

    public BatchOutput Output { get; set; }

    /// <summary>Stopwatch timestamp when the request resumed after its batch completed it.</summary>
    public long Resumed { get; set; }

    /// <summary>Set when the request is shed: its preformatted 429.</summary>
    public ShedResponse? Shed { get; set; }

    /// <summary>The id written in the response body: the client's body id when given, else the trace id.</summary>
    public string ResponseId => BodyId ?? TraceId!;
}
