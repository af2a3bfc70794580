using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Local.Tests.Store;

public sealed class StatusWriterTests : IDisposable
{
    private readonly StoreFixture f = new();
    private readonly StatusWriter writer;

    public StatusWriterTests() => writer = new StatusWriter(f.Store, new StoreEventRecorder(f.Store, f.Time));

    public void Dispose() => f.Dispose();

    private DatasetStatus Ready(ConditionStatus status, long rows) => new()
    {
        RowCount = rows,
        Conditions = ConditionList.Set(null, ConditionTypes.Ready, status, status == ConditionStatus.True ? "Succeeded" : "InvalidData", $"rows={rows}", f.Time.GetUtcNow()),
    };

    [Fact]
    public async Task A_status_equal_in_content_is_not_written_even_as_a_different_instance()
    {
        var created = await f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        var written = await writer.WriteAsync(created, Ready(ConditionStatus.True, 10));
        var revision = f.Store.CurrentRevision();

        var again = await writer.WriteAsync(written!, Ready(ConditionStatus.True, 10));

        Assert.Equal(revision, f.Store.CurrentRevision());
        Assert.Same(written, again);
    }

    [Fact]
    public async Task A_conflict_is_retried_on_the_fresh_object_without_losing_its_spec()
    {
        var stale = (Dataset)await f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        var moved = (Dataset)await f.Store.UpdateAsync(stale with { Spec = stale.Spec with { Format = DataFormat.Csv } });

        var written = (Dataset?)await writer.WriteAsync(stale, Ready(ConditionStatus.True, 10));

        Assert.Equal(10, written!.Status!.RowCount);
        Assert.Equal(DataFormat.Csv, written.Spec.Format);
        Assert.Equal(moved.Metadata.Generation, written.Metadata.Generation);
    }

    [Fact]
    public async Task An_event_is_recorded_when_Ready_flips_and_not_when_only_the_message_changes()
    {
        var key = StoreFixture.Key("Dataset", "churn");
        var o = await f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        o = (await writer.WriteAsync(o, Ready(ConditionStatus.True, 10)))!;
        o = (await writer.WriteAsync(o, Ready(ConditionStatus.True, 11)))!;
        Assert.Single(await f.Store.ListEventsAsync(key));

        await writer.WriteAsync(o, Ready(ConditionStatus.False, 11));
        var events = await f.Store.ListEventsAsync(key);
        Assert.Equal([(EventSeverity.Normal, "Succeeded"), (EventSeverity.Warning, "InvalidData")], events.Select(e => (e.Type, e.Reason)));
    }

    [Fact]
    public async Task Writing_the_status_of_a_deleted_object_returns_null()
    {
        var o = await f.Store.CreateAsync(StoreFixture.Dataset("churn"));
        await f.Store.DeleteAsync(ObjectKey.Of(o));
        Assert.Null(await writer.WriteAsync(o, Ready(ConditionStatus.True, 1)));
    }
}
