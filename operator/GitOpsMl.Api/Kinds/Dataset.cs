using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("Dataset", "datasets", "mlds")] // not "ds": kubectl resolves that to DaemonSets
[Description("A versioned table with a schema: where the data lives, what each column must hold, and how it is split.")]
[PrinterColumn("Format", "string", ".spec.format", Order = 1)]
[PrinterColumn("Rows", "integer", ".status.rowCount", Order = 2)]
[PrinterColumn("SHA256", "string", ".status.sha256", Priority = 1, Order = 3)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 4)]
[PrinterColumn("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Priority = 1, Order = 5)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 6)]
public sealed record Dataset : CustomResource<DatasetSpec, DatasetStatus>
{
    public override string Kind { get; init; } = "Dataset";
}

public sealed record DatasetStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(DatasetStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    [Description("sha256 of the source bytes last validated.")]
    public string? Sha256 { get; init; }
    [Description("Data rows read from the source, invalid ones included.")]
    public long? RowCount { get; init; }
    [Description("Rows that broke the schema and are dropped before splitting; more than validation.maxInvalidFraction of rowCount refuses the data.")]
    public long? InvalidRowCount { get; init; }
    [Description("When the current source bytes (sha256) were first validated; unchanged data does not move it.")]
    public DateTimeOffset? LastValidated { get; init; }
}
