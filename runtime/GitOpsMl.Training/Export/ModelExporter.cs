using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>The whole served model as ONE ONNX graph: raw columns → fitted transforms → network → probabilities or predictions.</summary>
/// <remarks>
/// Two equivalent graphs, and the one with fewer nodes is written (ONNX Runtime's cost per node dominates small
/// models; the fewer nodes, the less per call): the transforms folded into the network's first dense layer
/// (<see cref="InputLayerFold"/>, when the network starts with one and every feature can be folded), or the
/// transforms as blocks that build the feature matrix (<see cref="FeaturePipelineExporter"/>). The folded graph
/// wins unless many numeric columns take steps the fold leaves in the graph one column at a time. Both have the
/// same inputs, outputs and metadata; the choice depends only on the pipeline and the network, so the same
/// training gives the same bytes.
/// </remarks>
public static class ModelExporter
{
    public static byte[] Export(string modelName, FittedFeaturePipeline pipeline, TrainedNetwork network, FittedLabelEncoder labels)
    {
        var blocks = NewGraph(modelName, labels);
        NetworkExporter.Append(blocks, FeaturePipelineExporter.Append(blocks, pipeline), network);
        if (NetworkExporter.FirstDense(network) is not { } first || !InputLayerFold.Supports(pipeline))
        {
            return blocks.ToBytes();
        }
        var folded = NewGraph(modelName, labels);
        var fold = InputLayerFold.Plan(pipeline, first.Weight, first.Bias, first.Outputs);
        NetworkExporter.AppendAfterFirstDense(folded, FoldedInputExporter.Append(folded, pipeline, fold), network);
        return (folded.NodeCount <= blocks.NodeCount ? folded : blocks).ToBytes();
    }

    private static OnnxGraphBuilder NewGraph(string modelName, FittedLabelEncoder labels)
    {
        var graph = new OnnxGraphBuilder(modelName.Replace('-', '_'))
        {
            DocString = $"GitOpsMl model {modelName}: raw columns in, {(labels.Task == PredictionTask.Regression ? "predictions" : "probabilities")} out.",
        };
        graph.SetMetadata("gitopsml.io/model", modelName);
        graph.SetMetadata("gitopsml.io/task", ApiNames.Of(labels.Task));
        graph.SetMetadata("gitopsml.io/classes", string.Join(",", labels.Classes));
        return graph;
    }
}
