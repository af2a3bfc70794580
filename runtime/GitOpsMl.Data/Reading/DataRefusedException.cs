using GitOpsMl.Data.Validation;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// The data cannot be trained on. The trainer maps this one type to its "invalid data" exit code,
/// so every refusal — unreadable file, schema mismatch, pin mismatch, too many invalid rows —
/// must surface as it and never as a generic exception.
/// </summary>
public sealed class DataRefusedException : Exception
{
    public DataRefusedException(DataRefusalReason reason, string message, ValidationReport? report = null)
        : base(message)
    {
        Reason = reason;
        Report = report;
    }

    public DataRefusedException(DataRefusalReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public DataRefusalReason Reason { get; }

    /// <summary>The validation report, when validation got that far.</summary>
    public ValidationReport? Report { get; }
}
