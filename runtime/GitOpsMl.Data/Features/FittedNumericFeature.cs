using System.Text.Json.Serialization;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// A float, int or bool column (bool as 0/1). Per row: x = (float)raw; each step of
/// <see cref="Steps"/> in order (see each step type for its exact arithmetic); the output is x, or
/// for a trailing <see cref="BucketizeStep"/> its one-hot. Then, if an <see cref="ImputeStep"/> has
/// Indicator, "&lt;column&gt;__missing" = IsNaN(raw). Values larger than float32 allows become
/// ±infinity at the cast. A NaN that no impute step fills (only possible for a nullable: false
/// column at serving time) stays NaN through every arithmetic step and gives an all-zero bucket row.
/// </summary>
public sealed record FittedNumericFeature : FittedFeature
{
    public required IReadOnlyList<NumericStep> Steps { get; init; }

    [JsonIgnore]
    public bool HasMissingIndicator => Steps.OfType<ImputeStep>().Any(s => s.Indicator);

    [JsonIgnore]
    public override IReadOnlyList<string> OutputNames
    {
        get
        {
            var names = Steps.LastOrDefault() is BucketizeStep bucketize
                ? Enumerable.Range(0, bucketize.Boundaries.Count + 1).Select(i => $"{Column}__bucket{i}").ToList()
                : [Column];
            if (HasMissingIndicator)
            {
                names.Add(Column + MissingSuffix);
            }
            return names;
        }
    }

    /// <summary>The scalar value of one raw input after all steps but a trailing bucketize.</summary>
    public float ApplyScalarSteps(double raw)
    {
        var x = (float)raw;
        foreach (var step in Steps)
        {
            x = step switch
            {
                ImputeStep s => s.Apply(x),
                StandardizeStep s => s.Apply(x),
                MinMaxStep s => s.Apply(x),
                Log1pStep => Log1pStep.Apply(x),
                ClipStep s => s.Apply(x),
                BucketizeStep => x,
                _ => throw new InvalidOperationException($"Unknown numeric step {step.GetType().Name}."),
            };
        }
        return x;
    }

    internal override void Write(TableColumn column, float[] matrix, int width, int offset)
    {
        if (column is not NumericColumn numeric)
        {
            throw new ArgumentException($"Feature '{Column}' is numeric but the table's column is {column.Type}.");
        }
        var bucketize = Steps.LastOrDefault() as BucketizeStep;
        var boundaries = bucketize?.FloatBoundaries();
        var indicator = HasMissingIndicator;
        var indicatorOffset = offset + (boundaries is null ? 1 : boundaries.Length + 1);
        for (var row = 0; row < numeric.Length; row++)
        {
            var raw = numeric.Values[row];
            var x = ApplyScalarSteps(raw);
            var at = row * width;
            if (boundaries is null)
            {
                matrix[at + offset] = x;
            }
            else
            {
                var bucket = BucketizeStep.BucketIndex(x, boundaries);
                if (bucket >= 0)
                {
                    matrix[at + offset + bucket] = 1f;
                }
            }
            if (indicator)
            {
                matrix[at + indicatorOffset] = double.IsNaN(raw) ? 1f : 0f;
            }
        }
    }
}
