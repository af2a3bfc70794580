namespace GitOpsMl.Serving.Options;

/// <summary>Rejects option values the server cannot honour, with one message per problem.</summary>
public static class ServingOptionsValidator
{
    public static IReadOnlyList<string> Validate(ServingOptions o)
    {
        var errors = new List<string>();
        if (o.Bundles.Count == 0) errors.Add("at least one bundle is required (--bundle NAME=DIR)");
        if (o.Port is < 0 or > 65535) errors.Add($"port {o.Port} is outside 0-65535");
        if (o.Batching.MaxBatchSize is < 1 or > 4096) errors.Add($"maxBatchSize {o.Batching.MaxBatchSize} is outside 1-4096");
        if (o.Batching.MaxDelay < TimeSpan.Zero || o.Batching.MaxDelay > TimeSpan.FromSeconds(10)) errors.Add("maxDelay must be between 0 and 10s");
        if (o.Batching.PadRowsTo is < 1 or > 1024) errors.Add("batching.padRowsTo must be between 1 and 1024");
        if (o.Batching.MaxQueue < 1) errors.Add("maxQueue must be at least 1");
        if (o.Onnx.IntraOpThreads < 1) errors.Add("onnx.intraOpThreads must be at least 1");
        if (o.Onnx.ConcurrentRuns is < 1 or > 64) errors.Add("onnx.concurrentRuns must be between 1 and 64");
        if (o.Statistics.Window <= TimeSpan.Zero) errors.Add("statistics.window must be positive");
        if (o.Statistics.Buckets is < 1 or > 1440) errors.Add("statistics.buckets must be between 1 and 1440");
        if (o.Statistics.PredictionStoreRows < 0) errors.Add("statistics.predictionStoreRows must not be negative");
        if (o.Statistics.QualitySamples < 1) errors.Add("statistics.qualitySamples must be at least 1");
        if (o.RequestTimeout <= TimeSpan.Zero) errors.Add("requestTimeout must be positive");
        if (o.MaxRequestBodyBytes < 1) errors.Add("maxRequestBodyBytes must be positive");
        if (o.RoutingPollInterval <= TimeSpan.Zero) errors.Add("routingPollInterval must be positive");
        if (o.LogFormat is not ("json" or "text")) errors.Add($"logFormat '{o.LogFormat}' must be json or text");
        return errors;
    }
}
