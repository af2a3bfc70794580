using System.Text.Json.Serialization;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// A timestamp column turned into calendar features: per row, each of <see cref="Outputs"/> in
/// order (see <see cref="DatetimeOutput"/> for the arithmetic), from the timestamp in UTC.
/// </summary>
public sealed record FittedDatetimeFeature : FittedFeature
{
    public required IReadOnlyList<DatetimeOutput> Outputs { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> OutputNames => Outputs.Select(o => o.Name).ToArray();

    internal override void Write(TableColumn column, float[] matrix, int width, int offset)
    {
        if (column is not TimestampColumn times)
        {
            throw new ArgumentException($"Feature '{Column}' derives calendar fields but the table's column is {column.Type}.");
        }
        for (var row = 0; row < times.Length; row++)
        {
            var at = row * width + offset;
            var seconds = DatetimeQuantities.Seconds(times.Values[row]);
            for (var o = 0; o < Outputs.Count; o++)
            {
                matrix[at + o] = Outputs[o].Apply(DatetimeQuantities.Of(Outputs[o].Quantity, seconds));
            }
        }
    }
}
