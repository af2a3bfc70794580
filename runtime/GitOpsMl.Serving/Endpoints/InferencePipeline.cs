using System.Buffers;
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
/// One inference request end to end: find the model → admit (429 when more than
/// MaxQueue + MaxBatchSize × ConcurrentRuns requests of the model are in flight) → read the body (size-limited) → parse →
/// pick the version (explicit, canary weight by request id, or stable) → bind inputs → queue for a
/// batch (429 when the queue is full) → wait (timeout, client cancellation) → write the answer with
/// its version and request id. A shadow copy, if routed, runs off this path.
/// </summary>
public sealed class InferencePipeline(
    ModelRepository repository, ServingOptions options, ServingMetrics metrics, RequestMetrics requestMetrics, CoarseTimeouts timeouts, ILogger<InferencePipeline> logger)
{
    public async Task HandleAsync(HttpContext context, string name, string? version, InferenceProtocol protocol)
    {
        var started = Stopwatch.GetTimestamp();
        var endpoint = protocol == InferenceProtocol.V2Infer ? "infer" : "predict";
        var requestId = context.Request.Headers[RequestIds.Header].ToString();
        if (requestId.Length == 0) requestId = null;
        var model = repository.Find(name);
        if (model is null)
        {
            await FailAsync(context, "", "", endpoint, started, requestId, null,
                new RequestError(404, $"model '{name}' not found", null, $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}"));
            return;
        }
        model.InFlight.Enter();
        model.Arrivals.Enter();
        var arriving = true;
        string? answering = null;
        try
        {
            // Admission before the body is read: shedding must be cheaper than serving, or overload feeds itself.
            var admitted = options.Batching.MaxQueue + options.Batching.MaxBatchSize * options.Onnx.ConcurrentRuns;
            if (model.InFlight.Pending > admitted)
            {
                await FailAsync(context, model.Name, "", endpoint, started, requestId is not null && RequestIds.IsValid(requestId) ? requestId : null, null,
                    new RequestError(429, $"model '{model.Name}' has {admitted} requests queued or running; retry later"));
                return;
            }
            if (requestId is not null && !RequestIds.IsValid(requestId))
            {
                await FailAsync(context, model.Name, "", endpoint, started, null, null,
                    RequestError.BadRequest($"{RequestIds.Header} must be 1-{RequestIds.MaxLength} printable ASCII characters", RequestIds.Header));
                return;
            }
            ServedVersion? pinned = null;
            if (version is not null && (pinned = model.Find(version)) is null)
            {
                await FailAsync(context, model.Name, "", endpoint, started, requestId, null,
                    new RequestError(404, $"version '{version}' of model '{model.Name}' not found", null, $"one of: {string.Join(", ", model.Versions.Keys.Order())}"));
                return;
            }
            using var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
            if (body is null)
            {
                await FailAsync(context, model.Name, "", endpoint, started, requestId, null,
                    new RequestError(413, $"request body is larger than {options.MaxRequestBodyBytes} bytes", null, $"at most {options.MaxRequestBodyBytes} bytes"));
                return;
            }

            RouteDecision decision;
            RowBatch? rows;
            RequestError? error;
            IReadOnlyList<string>? outputs = null;
            if (protocol == InferenceProtocol.V2Infer)
            {
                if (!V2RequestParser.TryParse(body.Span, out var request, out error))
                {
                    await FailAsync(context, model.Name, "", endpoint, started, requestId, null, error!);
                    return;
                }
                if (requestId is null && request!.Id is { } bodyId)
                {
                    if (!RequestIds.IsValid(bodyId))
                    {
                        await FailAsync(context, model.Name, "", endpoint, started, null, null,
                            RequestError.BadRequest($"id must be 1-{RequestIds.MaxLength} printable ASCII characters", "id"));
                        return;
                    }
                    requestId = bodyId;
                }
                if (!TryRoute(model, pinned, requestId, out decision))
                {
                    await FailAsync(context, model.Name, "", endpoint, started, requestId, null, NotReady(model));
                    return;
                }
                answering = decision.Primary.Version;
                error = V2InputBinder.Bind(decision.Primary.Schema, request!, out rows);
                outputs = request!.Outputs;
            }
            else
            {
                if (!TryRoute(model, pinned, requestId, out decision))
                {
                    await FailAsync(context, model.Name, "", endpoint, started, requestId, null, NotReady(model));
                    return;
                }
                answering = decision.Primary.Version;
                V1PredictParser.TryParse(body.Span, decision.Primary.Schema, out rows, out error);
            }
            requestId ??= RequestIds.Next();
            if (error is not null)
            {
                await FailAsync(context, model.Name, answering, endpoint, started, requestId, answering, error);
                return;
            }

            var primary = decision.Primary;
            var item = new BatchItem(rows!, requestId, Stopwatch.GetTimestamp());
            model.Arrivals.Leave();
            arriving = false;
            var status = primary.Batcher.TryEnqueue(item);
            if (status != EnqueueStatus.Accepted)
            {
                await FailAsync(context, model.Name, answering, endpoint, started, requestId, answering, status == EnqueueStatus.QueueFull
                    ? new RequestError(429, $"model '{model.Name}' version {answering} has {options.Batching.MaxQueue} requests queued; retry later")
                    : new RequestError(503, "server is shutting down"));
                return;
            }
            if (decision.Shadow is { } shadow) StartShadow(model, primary, shadow, rows!, requestId, item.Result);

            BatchOutput output;
            try
            {
                // Timeout and client disconnect complete the item's task themselves: no per-request timer or wrapper task.
                using var timeout = timeouts.Token().UnsafeRegister(static s => ((BatchItem)s!).TimeOut(), item);
                using var aborted = context.RequestAborted.UnsafeRegister(static s => ((BatchItem)s!).Cancel(), item);
                output = await item.Result;
                // An answer that came after the deadline (e.g. a run that took longer than the timeout) is not sent.
                if (Stopwatch.GetElapsedTime(started) > options.RequestTimeout) throw new TimeoutException();
            }
            catch (TimeoutException)
            {
                await FailAsync(context, model.Name, answering, endpoint, started, requestId, answering,
                    new RequestError(503, $"no answer within the request timeout of {options.RequestTimeout.TotalMilliseconds:0} ms"));
                return;
            }
            catch (OperationCanceledException)
            {
                requestMetrics.Record(model.Name, answering, endpoint, 499, started);
                return;
            }
            catch (Exception e)
            {
                await FailAsync(context, model.Name, answering, endpoint, started, requestId, answering,
                    new RequestError(500, $"model run failed: {e.Message}"));
                return;
            }

            var buffer = ResponseBuffer.Rent();
            if (protocol == InferenceProtocol.V2Infer) InferResponseWriter.Write(buffer, model.Name, primary, requestId, output, outputs);
            else PredictResponseWriter.Write(buffer, model.Name, primary, requestId, output);
            await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, buffer, requestId, answering);
            requestMetrics.Record(model.Name, answering, endpoint, 200, started);
            if (options.AccessLog)
            {
                ServingLog.Access(logger, context.Request.Method, context.Request.Path, 200, model.Name, answering, rows!.Rows,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            requestMetrics.Record(model.Name, answering ?? "", endpoint, 499, started);
        }
        finally
        {
            if (arriving) model.Arrivals.Leave();
            model.InFlight.Leave();
        }
    }

    private static bool TryRoute(ServedModel model, ServedVersion? pinned, string? requestId, out RouteDecision decision)
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

    private async Task FailAsync(HttpContext context, string model, string version, string endpoint, long started, string? requestId, string? answering, RequestError error)
    {
        requestId ??= RequestIds.Next();
        if (error.Status >= 500 && error.Status != 503) ServingLog.RequestRejected(logger, requestId, model, error.Status, error.Error);
        else if (logger.IsEnabled(LogLevel.Debug) || options.AccessLog) ServingLog.RequestRejected(logger, requestId, model, error.Status, error.Error);
        await JsonResponses.WriteErrorAsync(context, error, requestId, answering);
        requestMetrics.Record(model, version, endpoint, error.Status, started);
    }

    private void StartShadow(ServedModel model, ServedVersion primary, ServedVersion shadow, RowBatch rows, string requestId, Task<BatchOutput> primaryResult)
    {
        if (!primary.Schema.InputNames.SequenceEqual(shadow.Schema.InputNames) ||
            !primary.Schema.Inputs.Select(c => c.IsNumeric).SequenceEqual(shadow.Schema.Inputs.Select(c => c.IsNumeric)) ||
            primary.Schema.Task != shadow.Schema.Task)
        {
            Dropped(model, primary, shadow);
            return;
        }
        var item = new BatchItem(rows, requestId, Stopwatch.GetTimestamp(), shadow: true);
        if (shadow.Batcher.TryEnqueue(item) != EnqueueStatus.Accepted)
        {
            Dropped(model, primary, shadow);
            return;
        }
        _ = CompareAsync(model, primary, shadow, primaryResult, item.Result);
    }

    private async Task CompareAsync(ServedModel model, ServedVersion primary, ServedVersion shadow, Task<BatchOutput> primaryResult, Task<BatchOutput> shadowResult)
    {
        try
        {
            var a = await primaryResult.ConfigureAwait(false);
            var b = await shadowResult.ConfigureAwait(false);
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
