using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>The whole served model as ONE ONNX graph: raw columns → fitted transforms → network → probabilities or predictions.</summary>
public static class ModelExporter
{
    public static byte[] Export(string modelName, FittedFeaturePipeline pipeline, TrainedNetwork network, FittedLabelEncoder labels)
    {
        var task = ApiNames.Of(labels.Task);
        var graph = new OnnxGraphBuilder(modelName.Replace('-', '_'))
        {
            DocString = $"GitOpsMl model {modelName}: raw columns in, {(labels.Task == PredictionTask.Regression ? "predictions" : "probabilities")} out.",
        };
        graph.SetMetadata("gitopsml.io/model", modelName);
        graph.SetMetadata("gitopsml.io/task", task);
        graph.SetMetadata("gitopsml.io/classes", string.Join(",", labels.Classes));
        NetworkExporter.Append(graph, FeaturePipelineExporter.Append(graph, pipeline), network);
        return graph.ToBytes();
    }
}
