using System.Text;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Data.Remote;
using GitOpsMl.Local.Observation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Local.Tests.Observation;

/// <summary>
/// The control plane's Dataset reconcile on a url source served over real HTTP: with no data root at all (a url
/// needs none) the Dataset is Ready with the pinned sha256 and its row count, the download lands in the
/// state's cache and a second reconcile reads no network; a wrong pin stalls as InvalidData.
/// </summary>
public sealed class UrlDatasetProbeTests : IAsyncLifetime
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("x,y\n1,true\n2,false\n3,true\n");
    private static readonly string Digest = ContentHash.OfBytes(Csv);
    private readonly string _state = Directory.CreateTempSubdirectory("gitopsml-url-probe-").FullName;
    private WebApplication _app = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            await context.Response.Body.WriteAsync(Csv);
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private Dataset Dataset(string sha256) => new()
    {
        Metadata = new ObjectMeta { Name = "trips", Generation = 1 },
        Spec = new DatasetSpec
        {
            Source = new DatasetSource { Url = $"{_app.Urls.First()}/trips.csv" },
            Sha256 = sha256,
            Schema = [new ColumnSpec { Name = "x", Type = ColumnType.Float }, new ColumnSpec { Name = "y", Type = ColumnType.Bool, Role = ColumnRole.Label }],
        },
    };

    private DatasetReconciler Reconciler() => new(
        new LocalDatasetProbe(new DatasetFileResolver(new UrlDataCache(DataCacheLocation.For(_state)))), new DataRootResolver(), new FakeTimeProvider());

    [Fact]
    public async Task A_url_Dataset_is_ready_with_its_sha256_and_rows_from_the_states_cache_and_reads_the_network_once()
    {
        var reconciler = Reconciler();

        var first = await reconciler.ReconcileAsync(Dataset(Digest), CancellationToken.None);
        var second = await reconciler.ReconcileAsync(Dataset(Digest), CancellationToken.None);

        Assert.IsType<ReconcileOutcome.Succeeded>(first.Outcome);
        var status = Assert.IsType<DatasetStatus>(first.Status);
        Assert.Equal((Digest, 3L), (status.Sha256, status.RowCount));
        Assert.True(File.Exists(Path.Combine(_state, "cache", "sha256", Digest + ".csv")));
        Assert.IsType<ReconcileOutcome.Succeeded>(second.Outcome);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task A_wrong_pin_stalls_as_invalid_data_naming_both_digests()
    {
        var wrong = new string('a', 64);

        var result = await Reconciler().ReconcileAsync(Dataset(wrong), CancellationToken.None);

        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(result.Outcome);
        Assert.Equal(ConditionReasons.InvalidData, stalled.Reason);
        Assert.Contains(wrong, stalled.Message);
        Assert.Contains(Digest, stalled.Message);
    }
}
