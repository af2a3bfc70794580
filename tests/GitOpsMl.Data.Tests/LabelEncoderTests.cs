using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class LabelEncoderTests
{
    private static FittedLabelEncoder Fit(TableColumn train, PredictionTask task, string? positive = null) =>
        LabelEncoderFitter.Fit(
            new LabelSpec { Column = train.Name, Task = task, PositiveClass = positive },
            Dataset(Col(train.Name, train.Type, ColumnRole.Label)),
            Table.Of(train));

    private static NumericColumn Bools(params double[] v) => new("y", ColumnType.Bool, v);

    [Fact]
    public void Binary_bool_labels_encode_true_as_one_and_drop_missing_rows()
    {
        var encoder = Fit(Bools(1, 0, 1), PredictionTask.Binary);

        Assert.Equal(["false", "true"], encoder.Classes);
        Assert.Equal("true", encoder.PositiveClass);
        var encoded = encoder.Encode(Table.Of(Bools(0, double.NaN, 1)));
        Assert.Equal([0.0, 1], encoded.Values);
        Assert.Equal([0, 2], encoded.Rows);
        Assert.Equal(1, encoded.DroppedMissing);
    }

    [Fact]
    public void Binary_int_labels_default_to_one_and_positiveClass_is_read_as_the_column_type()
    {
        var train = new NumericColumn("y", ColumnType.Int, [0, 1, 1]);
        Assert.Equal("1", Fit(train, PredictionTask.Binary).PositiveClass);

        var flipped = Fit(train, PredictionTask.Binary, positive: "0.0");
        Assert.Equal(["1", "0"], flipped.Classes);
        Assert.Equal([1.0, 0], flipped.Encode(Table.Of(new NumericColumn("y", ColumnType.Int, [0, 1]))).Values);

        Assert.Equal("false", Fit(Bools(0, 1), PredictionTask.Binary, positive: "False").PositiveClass);
    }

    [Fact]
    public void Binary_string_labels_default_to_the_second_class_in_sorted_order()
    {
        var encoder = Fit(new StringColumn("y", ColumnType.String, ["yes", "no", "yes"]), PredictionTask.Binary);

        Assert.Equal(["no", "yes"], encoder.Classes);
        Assert.Equal("yes", encoder.PositiveClass);
        var encoded = encoder.Encode(Table.Of(new StringColumn("y", ColumnType.String, ["no", "maybe", "yes"])));
        Assert.Equal([0.0, 1], encoded.Values);
        Assert.Equal(1, encoded.DroppedUnseen);
        Assert.Equal(["maybe"], encoded.UnseenClasses);
    }

    [Fact]
    public void Binary_labels_need_exactly_two_classes_and_a_known_positive_class()
    {
        var three = Assert.Throws<FeaturePipelineException>(() => Fit(new StringColumn("y", "a", "b", "c"), PredictionTask.Binary));
        Assert.Contains("3 distinct values in the training split [a, b, c]; it needs exactly two", three.Message);

        var unknown = Assert.Throws<FeaturePipelineException>(() => Fit(new StringColumn("y", "a", "b"), PredictionTask.Binary, positive: "z"));
        Assert.Contains("positiveClass 'z' is not one of the training classes [a, b]", unknown.Message);
    }

    [Fact]
    public void Multiclass_labels_index_sorted_training_classes_and_drop_unseen_ones()
    {
        // Numeric classes sort numerically: 1 < 2 < 10.
        var encoder = Fit(new NumericColumn("y", ColumnType.Int, [10, 2, 1, 2]), PredictionTask.Multiclass);

        Assert.Equal(["1", "2", "10"], encoder.Classes);
        var encoded = encoder.Encode(Table.Of(new NumericColumn("y", ColumnType.Int, [10, 5, 1, double.NaN, 5, 7])));
        Assert.Equal([2.0, 0], encoded.Values);
        Assert.Equal([0, 2], encoded.Rows);
        Assert.Equal((1L, 3L), (encoded.DroppedMissing, encoded.DroppedUnseen));
        Assert.Equal(["5", "7"], encoded.UnseenClasses);
    }

    [Fact]
    public void Regression_labels_pass_through_and_drop_missing_and_infinite_values()
    {
        var encoder = Fit(new NumericColumn("y", 1.5, 2.5), PredictionTask.Regression);
        var encoded = encoder.Encode(Table.Of(new NumericColumn("y", 3.25, double.NaN, double.PositiveInfinity, -1)));

        Assert.Equal([3.25, -1], encoded.Values);
        Assert.Equal([0, 3], encoded.Rows);
        Assert.Equal((1L, 1L), (encoded.DroppedMissing, encoded.DroppedNonFinite));
        Assert.Throws<FeaturePipelineException>(() => Fit(new StringColumn("y", "a", "b"), PredictionTask.Regression));
    }

    [Fact]
    public void The_encoder_round_trips_through_json()
    {
        var encoder = Fit(new StringColumn("y", ColumnType.String, ["b", "a", "c"]), PredictionTask.Multiclass);
        var back = FittedLabelEncoder.FromJson(encoder.ToJson());

        Assert.Equal(encoder.Classes, back.Classes);
        Assert.Equal(PredictionTask.Multiclass, back.Task);
        Assert.Contains("\"task\": \"multiclass\"", encoder.ToJson());
    }
}
