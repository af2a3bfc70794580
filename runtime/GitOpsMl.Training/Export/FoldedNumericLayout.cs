namespace GitOpsMl.Training.Export;

/// <summary>How <see cref="FoldedInputExporter"/> computes the folded layer's dense inputs (the numeric steps not folded into it).</summary>
public enum FoldedNumericLayout
{
    /// <summary>Each column's steps on its own [N, 1] input, the inputs joined on axis 1: fewest nodes when few columns share a step.</summary>
    PerColumn,

    /// <summary>
    /// The numeric columns joined into one [k, N] block that goes through shared stages (as in
    /// <see cref="FeaturePipelineExporter"/>), missing indicators as a second block, read by the Gemm transposed: a
    /// few nodes however many columns there are.
    /// </summary>
    Block,
}
