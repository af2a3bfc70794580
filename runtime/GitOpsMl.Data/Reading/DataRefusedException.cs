using GitOpsMl.Api.Failures;
using GitOpsMl.Data.Validation;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// The data cannot be trained on: an <see cref="FailureKind.InvalidData"/> failure. Every refusal —
/// unreadable file, schema mismatch, pin mismatch, too many invalid rows — surfaces as it and never
/// as a generic exception.
/// </summary>
public sealed class DataRefusedException : GitOpsMlFailure
{
    public DataRefusedException(DataRefusalReason reason, string message, ValidationReport? report = null)
        : base(FailureKind.InvalidData, reason.ToString(), message)
    {
        Refusal = reason;
        Report = report;
    }

    public DataRefusedException(DataRefusalReason reason, string message, Exception innerException)
        : base(FailureKind.InvalidData, reason.ToString(), message, innerException)
    {
        Refusal = reason;
    }

    public DataRefusalReason Refusal { get; }

    /// <summary>Column by column, how the file's columns differ from the schema's, for a <see cref="DataRefusalReason.SchemaMismatch"/>.</summary>
    public ColumnMismatch? Mismatch { get; init; }

    /// <summary>The validation report, when validation got that far.</summary>
    public ValidationReport? Report { get; }
}
