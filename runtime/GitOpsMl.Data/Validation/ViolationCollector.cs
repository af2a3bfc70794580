namespace GitOpsMl.Data.Validation;

/// <summary>Counts violations of one kind in one column and keeps the first few examples.</summary>
internal sealed class ViolationCollector(ViolationKind kind, string? column)
{
    private readonly List<ViolationExample> _examples = [];
    private long _count;

    public void Add(long sourceRow, string? value, string message)
    {
        _count++;
        if (_examples.Count < ViolationSummary.MaxExamples)
        {
            _examples.Add(new ViolationExample(sourceRow, column, value, message));
        }
    }

    public ViolationSummary ToSummary() => new(kind, column, _count, _examples.OrderBy(e => e.Row).ToArray());
}
