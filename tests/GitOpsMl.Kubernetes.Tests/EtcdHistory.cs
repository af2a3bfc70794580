using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// etcd's own API (its JSON gateway, /v3/kv/*), to do to the history what a kube-apiserver's periodic
/// compaction (--etcd-compaction-interval, 5 minutes by default) does, but now: forget every revision
/// before the current one, so reads at an older revision are refused as compacted.
/// </summary>
public static class EtcdHistory
{
    /// <summary>Compacts etcd's history up to its current revision and returns that revision.</summary>
    public static async Task<long> CompactAsync(Uri etcd)
    {
        using var http = new HttpClient { BaseAddress = etcd, Timeout = TimeSpan.FromSeconds(30) };
        // Any read answers with the store's current revision in its header.
        using var range = await http.PostAsJsonAsync("/v3/kv/range", new JsonObject { ["key"] = Convert.ToBase64String("/"u8), ["limit"] = 1 });
        range.EnsureSuccessStatusCode();
        var revision = long.Parse((await range.Content.ReadFromJsonAsync<JsonObject>())!["header"]!["revision"]!.GetValue<string>());
        using var compact = await http.PostAsJsonAsync("/v3/kv/compaction", new JsonObject { ["revision"] = revision, ["physical"] = true });
        if (!compact.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"etcd refused to compact at revision {revision}: {(int)compact.StatusCode} {await compact.Content.ReadAsStringAsync()}");
        }
        return revision;
    }
}
