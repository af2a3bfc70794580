using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Weighting;

/// <summary>
/// Sample weights: the Dataset column with role weight, as scikit-learn's <c>sample_weight</c>. A row of weight 2
/// counts as two copies of it in the training loss, in early stopping and in every metric; weight 0 leaves the row
/// in the data but out of every sum. The weight is never a feature, so a served model never asks for it.
/// </summary>
/// <remarks>
/// <see cref="Validation.SchemaValidator"/> has already made every kept row's weight present, finite and at least 0
/// (a row breaking that is invalid like any schema violation), so what is left here is the spec's shape and
/// a split whose weights are all 0.
/// </remarks>
public static class SampleWeights
{
    /// <summary>The schema's weight column, or null when the data is unweighted.</summary>
    /// <exception cref="GitOpsMlFailure">
    /// InvalidSpec <see cref="SpecRefusal.WeightColumn"/>: role weight on two columns, or on a column that is not int
    /// or float (validate refuses both by the Dataset's CEL rules; a run given unvalidated objects refuses them here).
    /// </exception>
    public static ColumnSpec? Column(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ColumnSpec? found = null;
        for (var i = 0; i < spec.Schema.Count; i++)
        {
            var column = spec.Schema[i];
            if (column.Role != ColumnRole.Weight)
            {
                continue;
            }
            if (found is not null)
            {
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.WeightColumn,
                    $"columns \"{found.Name}\" and \"{column.Name}\" both have role weight; at most one column may").AtField($"spec.schema[{i}].role");
            }
            if (column.Type is not (ColumnType.Float or ColumnType.Int))
            {
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.WeightColumn,
                    $"role weight needs type int or float, column \"{column.Name}\" has type {ApiNames.Of(column.Type)}").AtField($"spec.schema[{i}].role");
            }
            found = column;
        }
        return found;
    }

    /// <summary>The weight of each row of <paramref name="rows"/> (validated data), or null when <paramref name="column"/> is null.</summary>
    public static double[]? Of(ColumnSpec? column, Table rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (column is null)
        {
            return null;
        }
        var values = (double[])rows.Numeric(column.Name).Values.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            // Validation drops such rows; reaching here with one is a bug in the caller, not bad data.
            if (!(double.IsFinite(values[i]) && values[i] >= 0))
            {
                throw new ArgumentException($"Weight '{column.Name}' of {rows.DescribeRow(i)} is {values[i]}; validated data has finite weights of at least 0.", nameof(rows));
            }
        }
        return values;
    }

    /// <summary>
    /// Refuses a split whose rows all weigh 0: its weighted loss or metrics would be 0 / 0, and a run that trains or
    /// reports on nothing must not look like one that worked.
    /// </summary>
    /// <param name="column">The weight column's name, when known, worded into the message.</param>
    /// <param name="split">training, validation or test, worded into the message.</param>
    /// <exception cref="GitOpsMlFailure">InvalidData <see cref="DataRefusalReason.ZeroWeights"/>.</exception>
    public static void RequirePositiveTotal(ReadOnlySpan<double> weights, string? column, string split)
    {
        double total = 0;
        foreach (var w in weights)
        {
            total += w;
        }
        if (!(total > 0))
        {
            throw GitOpsMlFailure.InvalidData(nameof(DataRefusalReason.ZeroWeights),
                $"every one of the {weights.Length} rows of the {split} split has weight 0{(column is null ? "" : $" in column \"{column}\"")}: nothing would count; give some rows a positive weight");
        }
    }
}
