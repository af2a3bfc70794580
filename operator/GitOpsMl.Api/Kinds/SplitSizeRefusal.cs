namespace GitOpsMl.Api.Kinds;

/// <summary>
/// A split too small for a run (<see cref="SplitSizes.Check"/>): an InvalidData refusal of the Dataset with
/// <paramref name="Reason"/> (a DataRefusalReason name), at <paramref name="Field"/> of the Dataset, the fraction to raise.
/// </summary>
public sealed record SplitSizeRefusal(SplitShortfall Shortfall, string Reason, string Field, string Message);
