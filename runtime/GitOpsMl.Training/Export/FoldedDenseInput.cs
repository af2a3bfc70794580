using GitOpsMl.Data.Features;

namespace GitOpsMl.Training.Export;

/// <summary>
/// One column of the folded first layer's dense input: numeric feature <see cref="Feature"/>'s value after
/// <see cref="Steps"/> (computed in the graph) minus <see cref="Shift"/> (0 = no node), or, when
/// <see cref="Indicator"/>, its 0/1 "raw value was missing" output. The rest of the column's transform (its
/// trailing standardize or min-max scaling) lives in the layer's weights and bias.
/// </summary>
public sealed record FoldedDenseInput(int Feature, bool Indicator, IReadOnlyList<NumericStep> Steps, float Shift);
