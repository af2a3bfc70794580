using System.Diagnostics;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Protocol;
using GitOpsMl.Serving.Shadow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// One inference request end to end, as five stages over one <see cref="InferenceScope"/>:
/// admit (find the model, check the request id, shed with 429 before the body is read when the
/// model's admission bound is reached, find a pinned version) → parse and bind (read the body,
/// size-limited; parse; pick the version — explicit, canary weight by request id, or stable; bind
/// the inputs) → enqueue (429 when the version's queue is full) → await (timeout, client
/// cancellation, a non-finite output is never returned) → write. Each stage returns null or the
/// typed <see cref="RequestError"/> that ends the request. A shadow copy, if routed, runs off this path.
/// </summary>
public sealed class InferencePipeline(
    ModelRepository repository, ServingOptions options, ServingMetrics metrics, RequestMetrics requestMetrics, CoarseTimeouts timeouts,
    LargeRequestMemory memory, ILogger<InferencePipeline> logger)
{
    private readonly ShedResponses _shed = new(metrics);
    private readonly RequestStages _stages = new(metrics);

    public async Task HandleAsync(HttpContext context, string name, string? version, InferenceProtocol protocol)
    {
        var scope = new InferenceScope(context, name, version, protocol, Stopwatch.GetTimestamp());
        var error = Admit(scope);
        if (error is not null)
        {
            await FailAsync(scope, error);
            return;
        }
        var model = scope.Model!;
        model.InFlight.Enter();
        model.Arrivals.Enter();
        var arriving = true;
        try
        {
            error = ShedWhenFull(scope) ?? await ParseAndBindAsync(scope);
            model.Arrivals.Leave();
            arriving = false;
            error ??= Enqueue(scope) ?? await AwaitAsync(scope);
            if (error is not null) await FailAsync(scope, error);
            else await WriteAsync(scope);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            requestMetrics.Record(model.Name, scope.Answering ?? "", scope.Endpoint, RequestError.ClientClosedStatus, scope.Started);
        }
        finally
        {
            if (arriving) model.Arrivals.Leave();
            model.InFlight.Leave();
            memory.RequestDone(scope.BodyBytes);
        }
    }

    /// <summary>Stage 1: the model exists, the request id is usable, a pinned version exists.</summary>
    private RequestError? Admit(InferenceScope scope)
    {
        var header = scope.Context.Request.Headers[RequestIds.Header].ToString();
        if (header.Length > 0)
        {
            if (header.Length > RequestIds.MaxLength)
            {
                return RequestError.BadRequest($"{RequestIds.Header} is {header.Length} characters; at most {RequestIds.MaxLength}", RequestIds.Header);
            }
            scope.TraceId = header;
        }
        scope.Model = repository.Find(scope.ModelName);
        if (scope.Model is not { } model)
        {
            return new RequestError(404, $"model '{scope.ModelName}' not found", null, $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}");
        }
        if (scope.PinnedVersion is { } pinned && model.Find(pinned) is null)
        {
            return new RequestError(404, $"version '{pinned}' of model '{model.Name}' not found", null, $"one of: {string.Join(", ", model.Versions.Keys.Order())}");
        }
        return null;
    }

    /// <summary>
    /// Load shedding before the body is read: shedding must be cheaper than serving, or overload
    /// feeds itself. The bound follows the measured service time (see <see cref="AdmissionBound"/>).
    /// </summary>
    private RequestError? ShedWhenFull(InferenceScope scope)
    {
        var model = scope.Model!;
        if (model.InFlight.Pending <= AdmissionBound.For(model, options)) return null;
        model.Overload.Shedding();
        return Shed(scope, null, ShedResponses.Admission, static (m, _) => $"model '{m}' has as many requests queued or running as it can serve within its target wait; retry later");
    }

    private RequestError Shed(InferenceScope scope, string? version, string reason, Func<string, string?, string> message)
    {
        scope.Shed = _shed.For(scope.Model!.Name, version, reason, message);
        return scope.Shed.Error;
    }

    /// <summary>Stage 2: read and parse the body, pick the answering version, bind the inputs to its columns.</summary>
    private async ValueTask<RequestError?> ParseAndBindAsync(InferenceScope scope)
    {
        var model = scope.Model!;
        using var body = await RequestBody.ReadAsync(scope.Context.Request, options.MaxRequestBodyBytes, scope.Context.RequestAborted);
        scope.BodyBytes = body?.Length ?? 0;
        if (body is null)
        {
            return new RequestError(413, $"request body is larger than {options.MaxRequestBodyBytes} bytes", null, $"at most {options.MaxRequestBodyBytes} bytes");
        }
        V2InferRequest? request = null;
        if (scope.Protocol == InferenceProtocol.V2Infer)
        {
            if (!V2RequestParser.TryParse(body.Sequence, out request, out var parseError)) return parseError;
            if (request!.Id is { } bodyId)
            {
                if (bodyId.Length > RequestIds.MaxLength) return RequestError.BadRequest($"id is {bodyId.Length} characters; at most {RequestIds.MaxLength}", "id");
                scope.BodyId = bodyId;
                if (scope.TraceId is null && RequestIds.IsHeaderSafe(bodyId)) scope.TraceId = bodyId;
            }
        }
        scope.TraceId ??= RequestIds.Next();
        if (!TryRoute(model, scope.PinnedVersion is { } p ? model.Find(p) : null, scope.TraceId, out var decision)) return NotReady(model);
        scope.Decision = decision;
        scope.Answering = decision.Primary.Version;
        RequestError? error;
        RowBatch? rows;
        if (request is not null)
        {
            error = V2InputBinder.Bind(decision.Primary.Schema, request, out rows);
            scope.Outputs = request.Outputs;
        }
        else
        {
            V1PredictParser.TryParse(body.Sequence, decision.Primary.Schema, out rows, out error);
        }
        scope.Rows = rows;
        return error;
    }

    /// <summary>Stage 3: queue the rows for a batch of the answering version (and a shadow copy, if routed).</summary>
    private RequestError? Enqueue(InferenceScope scope)
    {
        var primary = scope.Decision.Primary;
        var item = new BatchItem(scope.Rows!, scope.TraceId!, Stopwatch.GetTimestamp(), alias: scope.BodyId);
        var status = primary.Batcher.TryEnqueue(item);
        if (status != EnqueueStatus.Accepted)
        {
            var maxQueue = options.Batching.MaxQueue;
            return status == EnqueueStatus.QueueFull
                ? Shed(scope, primary.Version, ShedResponses.QueueFull, (m, v) => $"model '{m}' version {v} has {maxQueue} requests queued; retry later")
                : new RequestError(503, "server is shutting down");
        }
        scope.Item = item;
        if (scope.Decision.Shadow is { } shadow) StartShadow(scope.Model!, primary, shadow, scope.Rows!, scope.TraceId!, scope.BodyId, item.Result);
        return null;
    }

    /// <summary>Stage 4: wait for the batch's answer within the request timeout; refuse to answer with non-finite values.</summary>
    private async ValueTask<RequestError?> AwaitAsync(InferenceScope scope)
    {
        var item = scope.Item!;
        try
        {
            // Timeout and client disconnect complete the item's task themselves: no per-request timer or wrapper task.
            using var timeout = timeouts.Token().UnsafeRegister(static s => ((BatchItem)s!).TimeOut(), item);
            using var aborted = scope.Context.RequestAborted.UnsafeRegister(static s => ((BatchItem)s!).Cancel(), item);
            scope.Output = await item.Result;
            scope.Resumed = Stopwatch.GetTimestamp();
            if (item.WasShed)
            {
                var target = options.Batching.TargetQueueWait.GetValueOrDefault().TotalMilliseconds;
                return Shed(scope, scope.Answering, ShedResponses.QueueTimeout,
                    (m, v) => $"model '{m}' version {v} is overloaded and the request was queued longer than its target wait of {target:0.###} ms; retry later");
            }
            // An answer that came after the deadline (e.g. a run that took longer than the timeout) is not sent.
            if (Stopwatch.GetElapsedTime(scope.Started) > options.RequestTimeout) throw new TimeoutException();
        }
        catch (TimeoutException)
        {
            return new RequestError(503, $"no answer within the request timeout of {options.RequestTimeout.TotalMilliseconds:0} ms");
        }
        catch (OperationCanceledException)
        {
            return RequestError.ClientClosed;
        }
        catch (Exception e)
        {
            return new RequestError(500, $"model run failed: {e.Message}");
        }
        return NonFiniteOutput(scope.Output);
    }

    /// <summary>A prediction computed from values the model cannot handle is never returned as if it were one.</summary>
    private static RequestError? NonFiniteOutput(BatchOutput output)
    {
        for (var r = 0; r < output.Rows; r++)
        {
            foreach (var v in output.Row(r))
            {
                if (!float.IsFinite(v)) return new RequestError(500, $"the model produced a non-finite output for row {r}; no prediction is returned for this request");
            }
        }
        return null;
    }

    /// <summary>Stage 5: the answer, with its version and request id.</summary>
    private async Task WriteAsync(InferenceScope scope)
    {
        var buffer = ResponseBuffer.Rent();
        var primary = scope.Decision.Primary;
        if (scope.Protocol == InferenceProtocol.V2Infer) InferResponseWriter.Write(buffer, scope.Model!.Name, primary, scope.ResponseId, scope.Output, scope.Outputs);
        else PredictResponseWriter.Write(buffer, scope.Model!.Name, primary, scope.ResponseId, scope.Output);
        // WriteAsync copies the buffer synchronously before it awaits the flush, so the buffer can be released at once.
        var written = JsonResponses.WriteAsync(scope.Context, StatusCodes.Status200OK, buffer, scope.TraceId, scope.Answering);
        ResponseBuffer.Release(buffer);
        await written;
        var item = scope.Item!;
        _stages.Record(scope.Model.Name, scope.Started, item.EnqueuedAt, item.TakenAt, item.RunStartedAt, item.RunEndedAt, scope.Resumed, Stopwatch.GetTimestamp());
        requestMetrics.Record(scope.Model.Name, scope.Answering!, scope.Endpoint, 200, scope.Started);
        if (options.AccessLog)
        {
            ServingLog.Access(logger, scope.Context.Request.Method, scope.Context.Request.Path, 200, scope.Model.Name, scope.Answering!, scope.Rows!.Rows,
                Stopwatch.GetElapsedTime(scope.Started).TotalMilliseconds, RequestIds.ForLog(scope.TraceId!));
        }
    }

    private static bool TryRoute(ServedModel model, ServedVersion? pinned, string requestId, out RouteDecision decision)
    {
        if (pinned is not null)
        {
            decision = new RouteDecision(pinned, null);
            return true;
        }
        var routed = model.Decide(requestId, Random.Shared);
        decision = routed ?? default;
        return routed is not null;
    }

    private static RequestError NotReady(ServedModel model)
    {
        var reasons = model.Failures.Select(f => f.Reason).ToArray();
        return new RequestError(503, $"model '{model.Name}' has no loaded version{(reasons.Length > 0 ? ": " + reasons[^1] : "")}");
    }

    private async Task FailAsync(InferenceScope scope, RequestError error)
    {
        var model = scope.Model?.Name ?? "";
        if (error.Status == RequestError.ClientClosedStatus)
        {
            requestMetrics.Record(model, scope.Answering ?? "", scope.Endpoint, error.Status, scope.Started);
            return;
        }
        var traceId = scope.TraceId ??= RequestIds.Next();
        if (scope.Shed is { } shed && ReferenceEquals(error, shed.Error))
        {
            if (logger.IsEnabled(LogLevel.Debug) || options.AccessLog) ServingLog.RequestRejected(logger, RequestIds.ForLog(traceId), model, error.Status, error.Error);
            await shed.WriteAsync(scope.Context, scope.BodyId ?? traceId, scope.Answering);
            requestMetrics.Record(model, scope.Answering ?? "", scope.Endpoint, error.Status, scope.Started);
            return;
        }
        if ((error.Status >= 500 && error.Status != 503) || logger.IsEnabled(LogLevel.Debug) || options.AccessLog)
        {
            ServingLog.RequestRejected(logger, RequestIds.ForLog(traceId), model, error.Status, error.Error);
        }
        await JsonResponses.WriteErrorAsync(scope.Context, error, traceId, scope.Answering, scope.BodyId);
        // Metrics label by the known model only: a 404's model name comes from the request and would make labels unbounded.
        requestMetrics.Record(model, scope.Answering ?? "", scope.Endpoint, error.Status, scope.Started);
    }

    /// <summary>
    /// What the graph takes for a column, which is what the shadow needs: a bool column is FP32 1/0 as a numeric one is,
    /// so a shadow whose manifest says bool (written since that kind exists) takes the rows of a stable that says numeric.
    /// </summary>
    private static (bool Numeric, bool Timestamp) GraphType(InputColumn c) => (c.IsNumeric, c.IsTimestamp);

    private void StartShadow(ServedModel model, ServedVersion primary, ServedVersion shadow, RowBatch rows, string requestId, string? alias, Task<BatchOutput> primaryResult)
    {
        if (!primary.Schema.InputNames.SequenceEqual(shadow.Schema.InputNames) ||
            !primary.Schema.Inputs.Select(GraphType).SequenceEqual(shadow.Schema.Inputs.Select(GraphType)) ||
            primary.Schema.Task != shadow.Schema.Task)
        {
            // The shadow cannot take what stable answers: an error of the shadow, so analysis aborts it rather than waiting forever.
            metrics.ShadowRequests.WithLabels(model.Name, shadow.Version, "error").Inc();
            Dropped(model, primary, shadow);
            return;
        }
        var item = new BatchItem(rows, requestId, Stopwatch.GetTimestamp(), shadow: true, alias: alias);
        if (shadow.Batcher.TryEnqueue(item) != EnqueueStatus.Accepted)
        {
            // Shed, as a canary's 429: not counted as a run of the shadow.
            Dropped(model, primary, shadow);
            return;
        }
        _ = CompareAsync(model, primary, shadow, primaryResult, item);
    }

    private async Task CompareAsync(ServedModel model, ServedVersion primary, ServedVersion shadow, Task<BatchOutput> primaryResult, BatchItem shadowItem)
    {
        BatchOutput b;
        try
        {
            b = await shadowItem.Result.ConfigureAwait(false);
        }
        catch (Exception)
        {
            metrics.ShadowRequests.WithLabels(model.Name, shadow.Version, "error").Inc();
            Dropped(model, primary, shadow);
            return;
        }
        metrics.ShadowRequests.WithLabels(model.Name, shadow.Version, "ok").Inc();
        metrics.ShadowLatency.WithLabels(model.Name, shadow.Version).Observe(Stopwatch.GetElapsedTime(shadowItem.EnqueuedAt).TotalSeconds);
        try
        {
            // The answering version failing is not the shadow's fault: nothing to compare, nothing counted against it.
            var a = await primaryResult.ConfigureAwait(false);
            var agreed = ShadowAgreement.CountAgreeing(primary.Schema.Task, a.Values, b.Values, a.Rows, options.Statistics.ShadowRegressionTolerance);
            shadow.Shadow.Record(primary.Version, a.Rows, agreed);
            metrics.ShadowComparisons.WithLabels(model.Name, primary.Version, shadow.Version, "agree").Inc(agreed);
            metrics.ShadowComparisons.WithLabels(model.Name, primary.Version, shadow.Version, "disagree").Inc(a.Rows - agreed);
            if (shadow.Shadow.Snapshot() is { Agreement: { } ratio })
            {
                metrics.ShadowAgreement.WithLabels(model.Name, primary.Version, shadow.Version).Set(ratio);
            }
        }
        catch (Exception)
        {
            Dropped(model, primary, shadow);
        }
    }

    private void Dropped(ServedModel model, ServedVersion primary, ServedVersion shadow)
    {
        shadow.Shadow.Dropped(primary.Version);
        metrics.ShadowDropped.WithLabels(model.Name, shadow.Version).Inc();
    }
}
