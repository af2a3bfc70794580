using GitOpsMl.Serving.Options;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Serving.Inference;

/// <summary>
/// Creates ONNX Runtime sessions with deliberate threading (see <see cref="OnnxThreadingOptions"/>):
/// sequential execution, IntraOpThreads threads per run, no spinning, full graph optimisation.
/// Concurrency across requests comes from batching plus ConcurrentRuns workers calling Run() at once,
/// which InferenceSession supports.
/// </summary>
public static class OrtSessionFactory
{
    public static SessionOptions CreateOptions(OnnxThreadingOptions threading)
    {
        var options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threading.IntraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        var spin = threading.AllowSpinning ? "1" : "0";
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spin);
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", spin);
        return options;
    }

    public static InferenceSession Create(byte[] model, OnnxThreadingOptions threading)
    {
        using var options = CreateOptions(threading);
        return new InferenceSession(model, options);
    }
}
