using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// Fits a datetime feature on the training split: outputs in the spec's part order, then elapsed
/// time. A part is standardized with its training mean and deviation (a deviation of 0 divides by
/// 1), or, with cyclical and a cycle, becomes "_sin" and "_cos" outputs with fixed constants.
/// </summary>
internal static class DatetimeFeatureFitter
{
    public static FittedDatetimeFeature Fit(ColumnSpec column, DatetimeSpec spec, TimestampColumn train)
    {
        var quantities = (spec.Parts ?? []).Distinct().Select(Quantity).ToList();
        if (spec.Elapsed is { } unit)
        {
            quantities.Add(unit == ElapsedUnit.Seconds ? DatetimeQuantity.ElapsedSeconds : DatetimeQuantity.ElapsedDays);
        }
        if (quantities.Count == 0)
        {
            throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column.Name}': datetime needs parts, elapsed or both.", column.Name);
        }
        var outputs = new List<DatetimeOutput>();
        foreach (var quantity in quantities)
        {
            var name = $"{column.Name}__{OutputName(quantity)}";
            if (spec.Cyclical == true && DatetimeQuantities.Cycle(quantity) is var (first, period))
            {
                outputs.Add(new DatetimeOutput(name + "_sin", quantity, DatetimeEncoding.Sin, first, period));
                outputs.Add(new DatetimeOutput(name + "_cos", quantity, DatetimeEncoding.Cos, first, period));
                continue;
            }
            var values = train.Values.Where(v => v is not null).Select(v => DatetimeQuantities.Of(quantity, DatetimeQuantities.Seconds(v))).ToArray();
            if (values.Length == 0)
            {
                throw new FeaturePipelineException(DataRefusalReason.NoTrainingValues,
                    $"Feature '{column.Name}': cannot fit datetime: the training split has no timestamps in this column.", column.Name);
            }
            var mean = FitStatistics.Mean(values);
            var std = FitStatistics.Std(values, mean);
            outputs.Add(new DatetimeOutput(name, quantity, DatetimeEncoding.Standardized, mean, std > 0 && double.IsFinite(std) ? std : 1));
        }
        return new FittedDatetimeFeature { Column = column.Name, ColumnType = column.Type, Outputs = outputs };
    }

    private static DatetimeQuantity Quantity(DatetimePart part) => part switch
    {
        DatetimePart.Year => DatetimeQuantity.Year,
        DatetimePart.Month => DatetimeQuantity.Month,
        DatetimePart.DayOfMonth => DatetimeQuantity.DayOfMonth,
        DatetimePart.DayOfWeek => DatetimeQuantity.DayOfWeek,
        DatetimePart.DayOfYear => DatetimeQuantity.DayOfYear,
        DatetimePart.Hour => DatetimeQuantity.Hour,
        DatetimePart.Minute => DatetimeQuantity.Minute,
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
    };

    private static string OutputName(DatetimeQuantity quantity) => ApiNames.Of(quantity);
}
