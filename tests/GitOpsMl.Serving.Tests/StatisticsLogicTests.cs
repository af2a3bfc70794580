using System.Diagnostics;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Statistics;

namespace GitOpsMl.Serving.Tests;

public class StatisticsLogicTests
{
    [Theory]
    [InlineData(-1e30, 0)]
    [InlineData(5.99, 0)]
    [InlineData(6, 1)]
    [InlineData(11.9, 1)]
    [InlineData(12, 2)]
    [InlineData(48, 4)]
    [InlineData(double.PositiveInfinity, 4)]
    [InlineData(double.NegativeInfinity, 0)]
    public void Bins_are_left_closed_on_the_reference_edges(double x, int bin) =>
        Assert.Equal(bin, NumericBins.Index([6, 12, 24, 48], x));

    [Fact]
    public void Edges_that_are_not_finite_and_increasing_give_a_single_bin()
    {
        Assert.Empty(NumericBins.Sanitize([1, 1]));
        Assert.Empty(NumericBins.Sanitize([1, double.NaN]));
        Assert.Equal([1.0, 2.0], NumericBins.Sanitize([1, 2]));
    }

    [Fact]
    public void The_window_slides_old_buckets_out_and_keeps_memory_fixed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var stats = new VersionStatistics(Schema(), ChurnBundle.Profile(), TimeSpan.FromMinutes(10), 10, clock);
        var item = new BatchItem(OrtModelRunnerTests.Batch([ChurnRow.Typical, ChurnRow.Typical]), "r", Stopwatch.GetTimestamp());
        var output = new float[] { 0.9f, 0.1f, 0.2f, 0.8f };
        stats.Record([item], output, 2);
        clock.Advance(TimeSpan.FromMinutes(5));
        stats.Record([item], output, 2);
        var snapshot = stats.Snapshot();
        Assert.Equal(4, snapshot.Samples);
        Assert.Equal(2, snapshot.Predictions.Classes!["true"]);
        Assert.Equal(2, snapshot.Predictions.Classes!["false"]);
        Assert.Equal([2L, 0L, 0L, 2L], snapshot.Predictions.Score!.BinCounts);
        Assert.Equal(4, snapshot.Features["plan"].Categories!["plus"]);
        Assert.Equal(12, snapshot.Features["tenure_months"].Mean!.Value, 6);

        clock.Advance(TimeSpan.FromMinutes(5.5));
        Assert.Equal(2, stats.Snapshot().Samples);
        clock.Advance(TimeSpan.FromMinutes(10));
        var empty = stats.Snapshot();
        Assert.Equal(0, empty.Samples);
        Assert.True(empty.End - empty.Start <= TimeSpan.FromMinutes(10));
        for (var i = 0; i < 10_000; i++) stats.Record([item], output, 2);
        Assert.Equal(20_000, stats.Snapshot().Samples);
    }

    [Fact]
    public void A_multiclass_model_counts_predicted_classes_and_has_no_score()
    {
        var manifest = new BundleManifest
        {
            Model = "m", Version = "1", Task = "multiclass", Classes = ["a", "b", "c"], Inputs = [new("x", "numeric")],
            Files = new Dictionary<string, string>(), Lineage = new BundleLineage(),
        };
        var stats = new VersionStatistics(new ModelSchema(manifest), new DataProfile(), TimeSpan.FromHours(1), 4, TimeProvider.System);
        var item = new BatchItem(new GitOpsMl.Serving.Inference.RowBatch(2, [[1f, float.NaN]], [null]), "r", 0);
        stats.Record([item], [0.1f, 0.2f, 0.7f, float.NaN, 0.5f, 0.5f], 3);
        var s = stats.Snapshot();
        Assert.Null(s.Predictions.Score);
        Assert.Equal(1, s.Predictions.Classes!["c"]);
        Assert.Equal(1, s.Features["x"].Missing);
        Assert.Equal(1, s.Features["x"].BinCounts![0]);
    }

    public static ModelSchema Schema() => new(new BundleManifest
    {
        Model = "churn", Version = "v1", Task = "binary", Classes = ChurnBundle.Classes, Inputs = ChurnBundle.Inputs,
        Files = new Dictionary<string, string>(), Lineage = new BundleLineage(),
    });
}
