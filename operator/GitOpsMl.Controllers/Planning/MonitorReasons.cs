namespace GitOpsMl.Controllers.Planning;

/// <summary>Reasons of the Monitor's Drifting and QualityBreached conditions.</summary>
public static class MonitorReasons
{
    public const string DriftDetected = "DriftDetected";
    /// <summary>The window breached, but fewer than consecutiveWindows in a row so far.</summary>
    public const string DriftBreaching = "DriftBreaching";
    public const string NoDrift = "NoDrift";
    public const string NotEnoughSamples = "NotEnoughSamples";
    public const string QualityBelowThreshold = "QualityBreached";
    public const string QualityBreaching = "QualityBreaching";
    public const string QualityOk = "QualityOk";
    public const string NotEnoughLabels = "NotEnoughLabels";
    public const string QualityNotMeasured = "QualityNotMeasured";
    public const string NotWatched = "NotWatched";
}
