using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Drift;

namespace GitOpsMl.Data.Tests.Drift;

public class DriftScorerTests
{
    // profile.json as the trainer writes it: tenure on edges [10], training range [0, 20], std 5;
    // plan with its top categories (a remainder of 10 rows in categories beyond them).
    private static readonly DataProfile Profile = new()
    {
        RowCount = 100,
        Columns = new Dictionary<string, ColumnProfile>
        {
            ["tenure"] = new() { Kind = ColumnProfile.NumericKind, Count = 100, Min = 0, Max = 20, Std = 5, BinEdges = [10.0], BinCounts = [50, 50] },
            ["plan"] = new() { Kind = ColumnProfile.CategoricalKind, Count = 100, Frequencies = new Dictionary<string, long> { ["basic"] = 60, ["pro"] = 30 } },
            ["charges"] = new() { Kind = ColumnProfile.NumericKind, Count = 100, Min = 0, Max = 20, Std = 5, BinEdges = [10.0], BinCounts = [50, 50] },
        },
        Predictions = new() { Kind = ColumnProfile.NumericKind, Count = 100, Min = 0, Max = 1, Std = 0.25, BinEdges = [0.5], BinCounts = [80, 20] },
    };

    // What /stats reports: missing values counted apart; plan's unseen values in Unseen.
    private static readonly LiveWindow Window = new()
    {
        Samples = 120,
        Features = new Dictionary<string, LiveFeatureCounts>
        {
            ["tenure"] = new() { Kind = "numeric", Count = 120, Missing = 20, BinEdges = [10.0], BinCounts = [25, 75] },
            ["plan"] = new() { Kind = "categorical", Count = 120, Missing = 20, Categories = new Dictionary<string, long> { ["basic"] = 60, ["pro"] = 30 }, Unseen = 10 },
            ["charges"] = new() { Kind = "numeric", Count = 120, BinEdges = [9.0], BinCounts = [60, 60] },
            ["region"] = new() { Kind = "categorical", Count = 120, Categories = new Dictionary<string, long>(), Unseen = 120 },
        },
        Predictions = new LivePredictionCounts { Count = 120, Score = new() { Kind = "numeric", Count = 120, BinEdges = [0.5], BinCounts = [60, 60] } },
    };

    [Fact]
    public void Every_feature_is_scored_or_says_why_not_in_name_order()
    {
        var drift = DriftScorer.Features(Profile, Window, DriftMethod.Ks);

        Assert.Equal(
        [
            new("charges", DriftMethod.Ks, null, 0, FeatureDrift.EdgesDiffer),
            new("plan", DriftMethod.Ks, 0, 100),
            new("region", DriftMethod.Ks, null, 0, FeatureDrift.NoReference),
            new("tenure", DriftMethod.Ks, 0.25, 100),
        ], drift);
    }

    [Fact]
    public void Categorical_unseen_values_line_up_with_the_profiles_remainder_and_missing_values_are_left_out()
    {
        // Reference basic 60, pro 30, rest 10; live the same in proportion → no drift despite 20 missing.
        var same = DriftScorer.Features(Profile, Window, DriftMethod.Psi, ["plan"]).Single();
        // Live: 40 unseen of 100 present. p = (.6,.3,.1), q = (.3,.3,.4): TV = ½(.3 + 0 + .3) = .3.
        var shifted = Window with
        {
            Features = new Dictionary<string, LiveFeatureCounts>
            {
                ["plan"] = new() { Kind = "categorical", Count = 100, Categories = new Dictionary<string, long> { ["basic"] = 30, ["pro"] = 30 }, Unseen = 40 },
            },
        };

        Assert.Equal(0, same.Score!.Value, 12);
        Assert.Equal(0.3, DriftScorer.Features(Profile, shifted, DriftMethod.Wasserstein, ["plan"]).Single().Score!.Value, 12);
    }

    [Fact]
    public void A_numeric_feature_uses_the_profiles_range_and_std_for_wasserstein()
    {
        // As worked out in DriftCalculatorTests: mean moves 10 → 12.5 over std 5.
        var tenure = DriftScorer.Features(Profile, Window, DriftMethod.Wasserstein, ["tenure"]).Single();

        Assert.Equal(0.5, tenure.Score!.Value, 12);
        Assert.Equal(100, tenure.Samples);
    }

    [Fact]
    public void A_watched_feature_the_server_does_not_count_is_reported_not_served()
    {
        var drift = DriftScorer.Features(Profile, Window with { Features = new Dictionary<string, LiveFeatureCounts>() }, DriftMethod.Psi, ["tenure"]);

        Assert.Equal([new FeatureDrift("tenure", DriftMethod.Psi, null, 0, FeatureDrift.NotServed)], drift);
    }

    [Fact]
    public void A_window_without_values_is_not_judged()
    {
        var empty = Window with
        {
            Features = new Dictionary<string, LiveFeatureCounts> { ["tenure"] = new() { Kind = "numeric", Count = 5, Missing = 5, BinEdges = [10.0], BinCounts = [0, 0] } },
        };

        Assert.Equal(FeatureDrift.NoLiveValues, DriftScorer.Features(Profile, empty, DriftMethod.Psi, ["tenure"]).Single().NotJudged);
    }

    [Fact]
    public void Binary_and_regression_predictions_compare_the_score_histogram()
    {
        // p = (.8, .2), q = (.5, .5): KS = .3.
        var predictions = DriftScorer.Predictions(Profile, Window, DriftMethod.Ks);

        Assert.Equal(new FeatureDrift(DriftScorer.PredictionsFeature, DriftMethod.Ks, 0.3, 120), predictions with { Score = Math.Round(predictions.Score!.Value, 12) });
    }

    [Fact]
    public void Multiclass_predictions_compare_the_predicted_classes()
    {
        var profile = Profile with
        {
            Predictions = new() { Kind = ColumnProfile.CategoricalKind, Count = 10, Frequencies = new Dictionary<string, long> { ["a"] = 5, ["b"] = 5 } },
        };
        var window = Window with { Predictions = new LivePredictionCounts { Count = 4, Classes = new Dictionary<string, long> { ["a"] = 1, ["b"] = 3 } } };

        // p = (½, ½, 0 unseen), q = (¼, ¾, 0): JS as in DriftCalculatorTests' quarter shift.
        var expected = 0.5 * (0.5 * Math.Log2(4.0 / 3) + 0.5 * Math.Log2(0.8)) + 0.5 * (0.25 * Math.Log2(2.0 / 3) + 0.75 * Math.Log2(1.2));
        Assert.Equal(expected, DriftScorer.Predictions(profile, window, DriftMethod.JensenShannon).Score!.Value, 12);
    }

    [Fact]
    public void Binary_predictions_without_reference_bins_are_not_judged()
    {
        // An old profile.json without prediction bins: the server counts on default edges, with nothing to compare.
        var profile = Profile with { Predictions = null };

        Assert.Equal(FeatureDrift.NoReference, DriftScorer.Predictions(profile, Window, DriftMethod.Psi).NotJudged);
    }
}
