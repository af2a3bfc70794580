using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>The whole served model as ONE ONNX graph: raw columns → fitted transforms → network → probabilities or predictions.</summary>
/// <remarks>
/// Equivalent graphs, and the one with fewest nodes is written (ONNX Runtime's cost per node dominates small
/// models; the fewer nodes, the less per call): the transforms folded into the network's first dense layer
/// (<see cref="InputLayerFold"/>, when the network starts with one and every feature can be folded) with the numeric
/// steps the fold leaves computed column by column or as one block (<see cref="FoldedNumericLayout"/>), or the
/// transforms as blocks that build the feature matrix (<see cref="FeaturePipelineExporter"/>). Column by column wins
/// when few columns share a step (churn), the block when many do. All have the same inputs, outputs and metadata;
/// the choice depends only on the pipeline and the network, so the same training gives the same bytes.
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
        var fold = InputLayerFold.Plan(pipeline, first.Weight, first.Bias, first.Outputs);
        var candidates = new[] { FoldedNumericLayout.PerColumn, FoldedNumericLayout.Block }.Select(layout =>
        {
            var folded = NewGraph(modelName, labels);
            NetworkExporter.AppendAfterFirstDense(folded, FoldedInputExporter.Append(folded, pipeline, fold, layout), network);
            return folded;
        }).Append(blocks);
        // Fewest nodes; on a tie the earlier (per-column folded, then block folded, then the feature-matrix blocks).
        return candidates.Aggregate((best, next) => next.NodeCount < best.NodeCount ? next : best).ToBytes();
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
