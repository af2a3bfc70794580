using GitOpsMl.Data.Features;

namespace GitOpsMl.Training.Export;

/// <summary>One set of nodes over the numeric block: column c takes Steps[c], or passes unchanged where it is null.</summary>
public sealed record NumericStage(NumericStageKind Kind, IReadOnlyList<NumericStep?> Steps);
