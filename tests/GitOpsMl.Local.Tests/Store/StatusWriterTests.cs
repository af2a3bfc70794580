using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Local.Tests.Store;

public sealed class StatusWriterTests : IDisposable
{
    private readonly StoreFixture _f = new();
    private readonly StatusWriter _writer;

    public StatusWriterTests() => _writer = new StatusWriter(_f.Store, new StoreEventRecorder(_f.Store, _f.Time));

    public void Dispose() => _f.Dispose();

    private DatasetStatus Ready(ConditionStatus status, long rows) => new()
    {
        RowCount = rows,
        Conditions = ConditionList.Set(null, ConditionTypes.Ready, status, status == ConditionStatus.True ? "Succeeded" : "InvalidData", $"rows={rows}", _f.Time.GetUtcNow()),
    };

    [Fact]
    public async Task A_status_equal_in_content_is_not_written_even_as_a_different_instance()
    {
        var created = await _f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        var written = await _writer.WriteAsync(created, Ready(ConditionStatus.True, 10));
        var revision = _f.Store.CurrentRevision();

        var again = await _writer.WriteAsync(written!, Ready(ConditionStatus.True, 10));

        Assert.Equal(revision, _f.Store.CurrentRevision());
        Assert.Same(written, again);
    }

    [Fact]
    public async Task A_conflict_is_retried_on_the_fresh_object_without_losing_its_spec()
    {
        var stale = (Dataset)await _f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        var moved = (Dataset)await _f.Store.UpdateAsync(stale with { Spec = stale.Spec with { Format = DataFormat.Csv } });

        var written = (Dataset?)await _writer.WriteAsync(stale, Ready(ConditionStatus.True, 10));

        Assert.Equal(10, written!.Status!.RowCount);
        Assert.Equal(DataFormat.Csv, written.Spec.Format);
        Assert.Equal(moved.Metadata.Generation, written.Metadata.Generation);
    }

    [Fact]
    public async Task An_event_is_recorded_when_Ready_flips_and_not_when_only_the_message_changes()
    {
        var key = StoreFixture.Key("Dataset", "churn");
        var o = await _f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        o = (await _writer.WriteAsync(o, Ready(ConditionStatus.True, 10)))!;
        o = (await _writer.WriteAsync(o, Ready(ConditionStatus.True, 11)))!;
        Assert.Single(await _f.Store.ListEventsAsync(key));

        await _writer.WriteAsync(o, Ready(ConditionStatus.False, 11));
        var events = await _f.Store.ListEventsAsync(key);
        Assert.Equal([(EventSeverity.Normal, "Succeeded"), (EventSeverity.Warning, "InvalidData")], events.Select(e => (e.Type, e.Reason)));
    }

    [Fact]
    public async Task Writing_the_status_of_a_deleted_object_returns_null()
    {
        var o = await _f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        await _f.Store.DeleteAsync(ObjectKey.Of(o));
        Assert.Null(await _writer.WriteAsync(o, Ready(ConditionStatus.True, 1)));
    }
}
