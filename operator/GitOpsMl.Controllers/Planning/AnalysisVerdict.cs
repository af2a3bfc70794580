namespace GitOpsMl.Controllers.Planning;

/// <summary>How analysis judges a canary step: go on, wait for more data, or abort (with why).</summary>
public abstract record AnalysisVerdict
{
    private AnalysisVerdict() { }

    public sealed record Continue : AnalysisVerdict;

    public sealed record Inconclusive(long Requests, long Needed) : AnalysisVerdict;

    public sealed record Failed(string Reason) : AnalysisVerdict;
}
