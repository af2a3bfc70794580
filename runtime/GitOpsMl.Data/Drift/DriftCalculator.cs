using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Drift;

/// <summary>
/// Drift scores between a reference and a live distribution given as counts over the same buckets
/// (<see cref="BinnedCounts"/>). Every score is 0 for identical proportions and grows with drift, so
/// "score above threshold" breaches for every method. p is the reference's proportions, q the live ones.
/// <list type="bullet">
/// <item><b>psi</b>: Σ (q̃−p̃)·ln(q̃/p̃) on smoothed proportions. Symmetric; 0.1 is a small, 0.2 a
/// significant shift by the usual rule of thumb.</item>
/// <item><b>ks</b>: the Kolmogorov-Smirnov statistic, max |P−Q| of the cumulative proportions at the
/// bin edges (the statistic, not a p-value, which on large windows flags any difference). For an
/// unordered (categorical) feature there are no half-lines; the largest |P(A)−Q(A)| over all sets of
/// categories is taken instead, which is the total variation ½Σ|p−q|. In [0, 1].</item>
/// <item><b>chiSquare</b>: Pearson's χ² of the live counts against the reference proportions divided
/// by the live count, Σ (q̃−p̃)²/p̃ — a divergence that does not grow with traffic; the classic χ²
/// statistic is this score × live samples. Not symmetric: it weighs by the reference.</item>
/// <item><b>jensenShannon</b>: the Jensen-Shannon divergence in bits, ½KL(p‖m)+½KL(q‖m), m=(p+q)/2.
/// Symmetric, in [0, 1]; needs no smoothing (0·log 0 = 0, and m &gt; 0 wherever p or q is).</item>
/// <item><b>wasserstein</b>: the earth mover's distance ∫|F_p−F_q|dx divided by the reference standard
/// deviation (<see cref="NumericAxis"/>). The cumulative proportions are known at the edges; inside a
/// bin mass is taken as spread evenly, so F is piecewise linear and the integral exact for it. Live
/// values beyond the training min/max count as lying at it, so a far shift is under-, never
/// over-estimated. Unordered features: the distance with every two categories 1 apart, which is
/// again the total variation.</item>
/// </list>
/// <para><b>Smoothing.</b> PSI and χ² divide by proportions and take logs, so an empty bucket would
/// give infinity. They use p̃ = (p + ε)/(1 + Kε) over K buckets with ε = <see cref="Epsilon"/>:
/// still a distribution, unchanged when both sides are equal (identical → 0), and a bucket empty in
/// the reference but holding live mass q scores about q·ln(q/ε) — large but finite. An unseen
/// category is such a bucket.</para>
/// </summary>
public static class DriftCalculator
{
    /// <summary>Added to every proportion before PSI and χ² (see the class remarks).</summary>
    public const double Epsilon = 1e-4;

    public static double Score(DriftMethod method, BinnedCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Reference.Count != counts.Live.Count)
        {
            throw new ArgumentException($"reference has {counts.Reference.Count} buckets, live {counts.Live.Count}", nameof(counts));
        }
        var p = Proportions(counts.Reference, "reference");
        var q = Proportions(counts.Live, "live");
        return method switch
        {
            DriftMethod.Psi => Psi(Smooth(p), Smooth(q)),
            DriftMethod.ChiSquare => ChiSquare(Smooth(p), Smooth(q)),
            DriftMethod.JensenShannon => JensenShannon(p, q),
            DriftMethod.Ks => counts.Axis is null ? TotalVariation(p, q) : KolmogorovSmirnov(p, q),
            DriftMethod.Wasserstein => counts.Axis is { } axis ? Wasserstein(p, q, axis) : TotalVariation(p, q),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown drift method"),
        };
    }

    private static double[] Proportions(IReadOnlyList<long> counts, string side)
    {
        long total = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException($"{side} has a negative count");
            total += c;
        }
        if (total == 0) throw new ArgumentException($"{side} has no counts: nothing to compare");
        return counts.Select(c => (double)c / total).ToArray();
    }

    private static double[] Smooth(double[] p)
    {
        var denominator = 1 + p.Length * Epsilon;
        return p.Select(x => (x + Epsilon) / denominator).ToArray();
    }

    private static double Psi(double[] p, double[] q)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++) sum += (q[i] - p[i]) * Math.Log(q[i] / p[i]);
        return sum;
    }

    private static double ChiSquare(double[] p, double[] q)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++) sum += (q[i] - p[i]) * (q[i] - p[i]) / p[i];
        return sum;
    }

    private static double JensenShannon(double[] p, double[] q)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2;
            if (p[i] > 0) sum += p[i] * Math.Log2(p[i] / m);
            if (q[i] > 0) sum += q[i] * Math.Log2(q[i] / m);
        }
        // Rounding can leave a hair below 0 for identical inputs.
        return Math.Max(0, sum / 2);
    }

    private static double TotalVariation(double[] p, double[] q)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++) sum += Math.Abs(p[i] - q[i]);
        return sum / 2;
    }

    private static double KolmogorovSmirnov(double[] p, double[] q)
    {
        double cumulative = 0, max = 0;
        for (var i = 0; i < p.Length - 1; i++)
        {
            cumulative += p[i] - q[i];
            max = Math.Max(max, Math.Abs(cumulative));
        }
        return max;
    }

    private static double Wasserstein(double[] p, double[] q, NumericAxis axis)
    {
        if (axis.Edges.Count + 1 != p.Length)
        {
            throw new ArgumentException($"{axis.Edges.Count} edges make {axis.Edges.Count + 1} bins, the counts have {p.Length}");
        }
        // Bin j spans [x_j, x_{j+1}] with x = [Lower, e1..ek, Upper]; D = F_p − F_q is 0 at Lower,
        // linear inside each bin, and steps by p_j − q_j across bin j.
        double integral = 0, d = 0;
        for (var j = 0; j < p.Length; j++)
        {
            var from = j == 0 ? axis.Lower : axis.Edges[j - 1];
            var to = j == p.Length - 1 ? axis.Upper : axis.Edges[j];
            var next = d + p[j] - q[j];
            integral += Math.Max(0, to - from) * AbsoluteLinearMean(d, next);
            d = next;
        }
        return integral / axis.Scale;
    }

    /// <summary>Mean of |f| over an interval where f runs linearly from a to b.</summary>
    private static double AbsoluteLinearMean(double a, double b)
    {
        if (a * b >= 0) return (Math.Abs(a) + Math.Abs(b)) / 2;
        // f crosses 0: two triangles, a²/(2(|a|+|b|)) + b²/(2(|a|+|b|)).
        return (a * a + b * b) / (2 * (Math.Abs(a) + Math.Abs(b)));
    }
}
