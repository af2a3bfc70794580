using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Drift;

namespace GitOpsMl.Data.Tests.Drift;

public class DriftCalculatorTests
{
    private const double Eps = DriftCalculator.Epsilon;

    // Two bins on edge 10, training range [0, 20], std 5: reference ½·½, live ¼·¾.
    private static readonly NumericAxis TwoBins = new([10.0], 0, 20, 5);
    private static readonly BinnedCounts Quarter = new([50, 50], [25, 75], TwoBins);

    public static TheoryData<DriftMethod, double, string> QuarterShift => new()
    {
        // Σ(q−p)ln(q/p) = ¼ln2 + ¼ln1.5 = ¼ln3 ≈ 0.27465 unsmoothed; with ε each side is (x+ε)/(1+2ε).
        { DriftMethod.Psi, Psi((0.5 + Eps) / (1 + 2 * Eps), (0.25 + Eps) / (1 + 2 * Eps)), "¼ ln 3, smoothed" },
        // Σ(q−p)²/p = .0625/.5 + .0625/.5 = 0.25 unsmoothed.
        { DriftMethod.ChiSquare, ChiSquare([0.5, 0.5], [0.25, 0.75]), "0.25, smoothed" },
        // m = (⅜, ⅝): ½[½log₂(4/3) + ½log₂(0.8)] + ½[¼log₂(⅔) + ¾log₂(1.2)].
        { DriftMethod.JensenShannon, 0.5 * (0.5 * Math.Log2(4.0 / 3) + 0.5 * Math.Log2(0.8)) + 0.5 * (0.25 * Math.Log2(2.0 / 3) + 0.75 * Math.Log2(1.2)), "≈ 0.04879 bits" },
        // CDFs at the edge: ½ against ¼.
        { DriftMethod.Ks, 0.25, "max |P−Q| = |½−¼|" },
        // Reference uniform on [0,20] (mean 10), live ¼ on [0,10] and ¾ on [10,20] (mean 12.5): F_p ≥ F_q
        // everywhere, so W = mean difference 2.5; divided by std 5.
        { DriftMethod.Wasserstein, 0.5, "2.5 / 5" },
    };

    [Theory]
    [MemberData(nameof(QuarterShift))]
    public void A_quarter_of_the_mass_moving_up_a_bin_scores_as_worked_out_by_hand(DriftMethod method, double expected, string why)
    {
        Assert.True(Math.Abs(DriftCalculator.Score(method, Quarter) - expected) < 1e-12, why);
    }

    [Fact]
    public void Smoothing_moves_psi_only_in_the_fourth_decimal_for_bins_that_are_not_empty()
    {
        Assert.Equal(0.25 * Math.Log(3), DriftCalculator.Score(DriftMethod.Psi, Quarter), 3);
        Assert.Equal(0.25, DriftCalculator.Score(DriftMethod.ChiSquare, Quarter), 3);
    }

    [Theory]
    [InlineData(DriftMethod.Psi)]
    [InlineData(DriftMethod.ChiSquare)]
    [InlineData(DriftMethod.JensenShannon)]
    [InlineData(DriftMethod.Ks)]
    [InlineData(DriftMethod.Wasserstein)]
    public void Identical_proportions_score_zero_whatever_the_sample_sizes_and_empty_bins(DriftMethod method)
    {
        var numeric = new BinnedCounts([10, 0, 30, 60], [1, 0, 3, 6], new NumericAxis([1.0, 2.0, 3.0], 0, 4, 1));
        var categorical = new BinnedCounts([500, 300, 200, 0], [50, 30, 20, 0]);

        Assert.Equal(0, DriftCalculator.Score(method, numeric), 12);
        Assert.Equal(0, DriftCalculator.Score(method, categorical), 12);
    }

    [Theory]
    [InlineData(DriftMethod.Psi)]
    [InlineData(DriftMethod.JensenShannon)]
    [InlineData(DriftMethod.Ks)]
    [InlineData(DriftMethod.Wasserstein)]
    public void Symmetric_methods_score_the_same_with_reference_and_live_swapped(DriftMethod method)
    {
        var forward = new BinnedCounts([10, 0, 30, 60], [25, 25, 25, 25], new NumericAxis([1.0, 2.0, 3.0], 0, 4, 1));
        var backward = forward with { Reference = forward.Live, Live = forward.Reference };

        Assert.Equal(DriftCalculator.Score(method, forward), DriftCalculator.Score(method, backward), 12);
    }

    [Fact]
    public void Chi_square_weighs_by_the_reference_so_it_is_not_symmetric()
    {
        // Swapped: Σ(p−q)²/q = .0625/.25 + .0625/.75 = ⅓, against ¼ the other way.
        var swapped = Quarter with { Reference = Quarter.Live, Live = Quarter.Reference };

        Assert.Equal(1.0 / 3, DriftCalculator.Score(DriftMethod.ChiSquare, swapped), 3);
        Assert.Equal(0.25, DriftCalculator.Score(DriftMethod.ChiSquare, Quarter), 3);
    }

    public static TheoryData<DriftMethod, double> EmptyReferenceBin => new()
    {
        // Reference all in bin 0, live half in each. Smoothed p̃ = ((1+ε), ε)/(1+2ε), q̃ = (½, ½).
        { DriftMethod.Psi, Psi((1 + Eps) / (1 + 2 * Eps), 0.5) },
        // The empty bin dominates: (½ − p̃₁)²/p̃₁ ≈ ¼/ε.
        { DriftMethod.ChiSquare, Sq(0.5 - (1 + Eps) / (1 + 2 * Eps)) / ((1 + Eps) / (1 + 2 * Eps)) + Sq(0.5 - Eps / (1 + 2 * Eps)) / (Eps / (1 + 2 * Eps)) },
        // m = (¾, ¼): ½log₂(4/3) + ½[½log₂(⅔) + ½log₂2] ≈ 0.31128, no smoothing needed.
        { DriftMethod.JensenShannon, 0.5 * Math.Log2(4.0 / 3) + 0.5 * (0.5 * Math.Log2(2.0 / 3) + 0.5) },
        { DriftMethod.Ks, 0.5 },
        // D runs 0 → ½ over [0,10] then ½ → 0 over [10,20]: area 5, / std 5.
        { DriftMethod.Wasserstein, 1.0 },
    };

    [Theory]
    [MemberData(nameof(EmptyReferenceBin))]
    public void A_bin_empty_in_the_reference_gives_a_large_but_finite_score(DriftMethod method, double expected)
    {
        var score = DriftCalculator.Score(method, new BinnedCounts([100, 0], [50, 50], TwoBins));

        Assert.True(double.IsFinite(score));
        Assert.True(Math.Abs(score - expected) < 1e-9 * Math.Max(1, expected), $"{method}: {score} ≠ {expected}");
    }

    [Fact]
    public void Disjoint_distributions_reach_the_bounded_methods_maximum()
    {
        var disjoint = new BinnedCounts([7, 0], [0, 3], TwoBins);

        Assert.Equal(1, DriftCalculator.Score(DriftMethod.JensenShannon, disjoint), 12);
        Assert.Equal(1, DriftCalculator.Score(DriftMethod.Ks, disjoint), 12);
        // All mass moves from the middle of [0,10] to the middle of [10,20]: 10 units, 2 std.
        Assert.Equal(2, DriftCalculator.Score(DriftMethod.Wasserstein, disjoint), 12);
    }

    [Fact]
    public void Wasserstein_integrates_a_cdf_difference_that_changes_sign_inside_a_bin()
    {
        // Uniform on [0,3] against uniform on [1,2]: ∫₀¹ x/3 + ∫₁² |1 − 2x/3| + ∫₂³ (1 − x/3) = ⅙ + ⅙ + ⅙.
        var counts = new BinnedCounts([1, 1, 1], [0, 3, 0], new NumericAxis([1.0, 2.0], 0, 3, 1));

        Assert.Equal(0.5, DriftCalculator.Score(DriftMethod.Wasserstein, counts), 12);
    }

    [Fact]
    public void Ks_takes_the_largest_gap_between_the_cumulative_proportions_over_all_edges()
    {
        // P = .2 .5 .9, Q = .1 .2 .6 at the three edges: gaps .1 .3 .3 → .3.
        var counts = new BinnedCounts([2, 3, 4, 1], [1, 1, 4, 4], new NumericAxis([1.0, 2.0, 3.0], 0, 4, 1));

        Assert.Equal(0.3, DriftCalculator.Score(DriftMethod.Ks, counts), 12);
    }

    [Theory]
    [InlineData(DriftMethod.Ks)]
    [InlineData(DriftMethod.Wasserstein)]
    public void Unordered_categories_use_the_total_variation_for_the_methods_that_need_an_order(DriftMethod method)
    {
        // p = (.5, .3, .2, 0), q = (.2, .3, .4, .1): ½(.3 + 0 + .2 + .1) = .3.
        var counts = new BinnedCounts([5, 3, 2, 0], [2, 3, 4, 1]);

        Assert.Equal(0.3, DriftCalculator.Score(method, counts), 12);
    }

    [Fact]
    public void Mismatched_or_empty_counts_are_refused_rather_than_scored()
    {
        Assert.Throws<ArgumentException>(() => DriftCalculator.Score(DriftMethod.Psi, new BinnedCounts([1, 2], [1, 2, 3])));
        Assert.Throws<ArgumentException>(() => DriftCalculator.Score(DriftMethod.Psi, new BinnedCounts([0, 0], [1, 2])));
        Assert.Throws<ArgumentException>(() => DriftCalculator.Score(DriftMethod.Psi, new BinnedCounts([1, 2], [0, 0])));
        Assert.Throws<ArgumentException>(() => DriftCalculator.Score(DriftMethod.Wasserstein, new BinnedCounts([1, 2, 3], [1, 2, 3], TwoBins)));
    }

    [Fact]
    public void Numeric_axis_closes_the_outer_bins_at_the_training_range_and_scales_by_its_std()
    {
        var axis = NumericAxis.FromProfile([2.0, 5.0], min: 0, max: 9, std: 3);
        var noRange = NumericAxis.FromProfile([2.0, 5.0], min: null, max: double.PositiveInfinity, std: 0);

        Assert.Equal(new NumericAxis(axis.Edges, 0, 9, 3), axis);
        Assert.Equal(new NumericAxis(noRange.Edges, 2, 5, 3), noRange);
    }

    /// <summary>PSI of two bins holding p, 1−p (reference) and q, 1−q (live).</summary>
    private static double Psi(double p, double q) => (q - p) * Math.Log(q / p) + (p - q) * Math.Log((1 - q) / (1 - p));

    private static double Sq(double x) => x * x;

    private static double ChiSquare(double[] p, double[] q)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var ps = (p[i] + Eps) / (1 + p.Length * Eps);
            var qs = (q[i] + Eps) / (1 + q.Length * Eps);
            sum += Sq(qs - ps) / ps;
        }
        return sum;
    }
}
