using System.Text.Json;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>The paging itself, on scripted server answers: which requests go out, what is kept, when it reads again whole.</summary>
public sealed class ListPagerTests
{
    // A list object as the API server sends it: items named by letters, the snapshot's resourceVersion, a continue token or none.
    private static JsonElement Page(string resourceVersion, string? next, params string[] names) => JsonSerializer.SerializeToElement(new
    {
        metadata = new { resourceVersion, @continue = next },
        items = names.Select(n => new { metadata = new { name = n } }),
    });

    private sealed class ScriptedServer(params Func<int?, string?, JsonElement>[] answers)
    {
        public List<(int? Limit, string? Continue)> Requests { get; } = [];

        public Task<JsonElement> Fetch(int? limit, string? next, CancellationToken ct)
        {
            Requests.Add((limit, next));
            return Task.FromResult(answers[Requests.Count - 1](limit, next));
        }
    }

    private static StoreException Expired() => new(StoreErrorKind.Expired, null, "The provided continue parameter is too old");

    private static IEnumerable<string> Names(IReadOnlyList<JsonElement> items) => items.Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!);

    [Fact]
    public async Task Pages_follow_continue_tokens_until_none_and_the_list_is_at_the_first_pages_resourceVersion()
    {
        var server = new ScriptedServer(
            (_, _) => Page("100", "t1", "a", "b"),
            (_, _) => Page("100", "t2", "c", "d"),
            (_, _) => Page("100", "", "e"));

        var (items, resourceVersion) = await ListPager.ListAsync(server.Fetch, 2, default);

        Assert.Equal(["a", "b", "c", "d", "e"], Names(items));
        Assert.Equal("100", resourceVersion);
        Assert.Equal([(2, null), (2, "t1"), (2, "t2")], server.Requests);
    }

    [Fact]
    public async Task An_expired_continue_drops_the_pages_read_and_reads_the_list_whole_once_unpaged()
    {
        var server = new ScriptedServer(
            (_, _) => Page("100", "t1", "a", "b"),
            (_, _) => throw Expired(),
            (_, _) => Page("180", null, "a", "c", "d"));

        var (items, resourceVersion) = await ListPager.ListAsync(server.Fetch, 2, default);

        Assert.Equal(["a", "c", "d"], Names(items));
        Assert.Equal("180", resourceVersion);
        Assert.Equal([(2, null), (2, "t1"), (null, null)], server.Requests);
    }

    [Fact]
    public async Task An_Expired_first_page_and_other_refusals_of_a_continue_are_not_retried()
    {
        var first = new ScriptedServer((_, _) => throw Expired());
        Assert.Equal(StoreErrorKind.Expired, (await Assert.ThrowsAsync<StoreException>(() => ListPager.ListAsync(first.Fetch, 2, default))).Kind);
        Assert.Single(first.Requests);

        var refused = new ScriptedServer((_, _) => Page("100", "t1", "a"), (_, _) => throw new StoreException(StoreErrorKind.Invalid, null, "bad continue"));
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => ListPager.ListAsync(refused.Fetch, 2, default))).Kind);
        Assert.Equal(2, refused.Requests.Count);
    }

    [Fact]
    public async Task Page_size_0_is_one_unpaged_request_and_a_negative_one_is_refused()
    {
        var server = new ScriptedServer((_, _) => Page("7", null, "a"));
        Assert.Equal(["a"], Names((await ListPager.ListAsync(server.Fetch, 0, default)).Items));
        Assert.Equal([(null, null)], server.Requests);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ListPager.ListAsync(server.Fetch, -1, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KubernetesStoreOptions { ListPageSize = -1 });
        Assert.Equal(500, new KubernetesStoreOptions().ListPageSize);
    }
}
