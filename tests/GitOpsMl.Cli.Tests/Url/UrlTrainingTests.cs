using System.Text;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Cli.Tests.Train;

namespace GitOpsMl.Cli.Tests.Url;

/// <summary>
/// `gitopsml train` on a Dataset whose spec.source.url names the data over real HTTP, pinned by spec.sha256:
/// the run reads exactly the bytes the pin names (so it trains as the same file by path does), a download is
/// cached under its digest and never repeated, and a wrong pin or an HTTP error fails with what happened.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class UrlTrainingTests : IAsyncLifetime
{
    private const int Rows = 200;
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes(SmallTrainingRepository.Csv(Rows));
    private static readonly string Digest = ContentHash.OfBytes(Csv);
    private DataFileServer _server = null!;
    private readonly TempRepository _work = new();

    public async Task InitializeAsync() => _server = await DataFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _work.Dispose();
    }

    private string Cache => _work.PathOf("cache");

    /// <summary>The small training repository with its Dataset reading <paramref name="url"/> pinned to <paramref name="sha256"/>.</summary>
    private static TempRepository UrlRepository(string url, string sha256)
    {
        var repo = SmallTrainingRepository.Create(Rows);
        var set = File.ReadAllText(repo.PathOf("manifests/set.yaml"));
        repo.Write("manifests/set.yaml", set.Replace("source: {path: data/d.csv}", $"source: {{url: '{url}'}}\n  sha256: {sha256}", StringComparison.Ordinal));
        File.Delete(repo.PathOf("data/d.csv"));
        return repo;
    }

    private CliRun Train(TempRepository repo, string output)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(repo.PathOf("manifests"), "t", _work.PathOf(output), Device: "cpu", DataCache: Cache), stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString(), TimeSpan.Zero, 0);
    }

    private string[] CachedFiles() => Directory.Exists(Cache) ? Directory.GetFiles(Cache, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public void A_url_with_the_right_pin_trains_exactly_as_the_same_file_by_path_and_a_second_run_reads_the_cache()
    {
        using var byPath = SmallTrainingRepository.Create(Rows);
        var pathRun = Train(byPath, "by-path");
        Assert.True(pathRun.ExitCode == ExitCodes.Ok, pathRun.ToString());

        using var byUrl = UrlRepository(_server.Serve("d.csv", Csv), Digest);
        var urlRun = Train(byUrl, "by-url");
        Assert.True(urlRun.ExitCode == ExitCodes.Ok, urlRun.ToString());

        Assert.Equal(File.ReadAllBytes(_work.PathOf("by-path/metrics.json")), File.ReadAllBytes(_work.PathOf("by-url/metrics.json")));
        Assert.Equal(File.ReadAllBytes(_work.PathOf("by-path/model.onnx")), File.ReadAllBytes(_work.PathOf("by-url/model.onnx")));
        Assert.Equal(Version(_work.PathOf("by-path")), Version(_work.PathOf("by-url")));
        Assert.Equal([Path.Combine(Cache, "sha256", Digest + ".csv")], CachedFiles());
        Assert.Equal(1, _server.RequestsFor("d.csv"));

        var again = Train(byUrl, "again");
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(1, _server.RequestsFor("d.csv"));
    }

    [Fact]
    public void A_wrong_pin_is_refused_naming_the_dataset_and_both_digests_and_nothing_is_cached()
    {
        var wrong = new string('a', 64);
        using var repo = UrlRepository(_server.Serve("d.csv", Csv), wrong);

        var run = Train(repo, "b");

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.True(run.Stderr.Contains("Dataset d", StringComparison.Ordinal), run.ToString());
        Assert.True(run.Stderr.Contains($"spec.sha256 pins {wrong}", StringComparison.Ordinal), run.ToString());
        Assert.True(run.Stderr.Contains($"sha256 {Digest}", StringComparison.Ordinal), run.ToString());
        Assert.Empty(CachedFiles());
        Assert.False(Directory.Exists(_work.PathOf("b")));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public void An_http_error_fails_as_transient_with_its_status_and_caches_nothing(int status)
    {
        using var repo = UrlRepository(_server.Fail("d.csv", status), Digest);

        var run = Train(repo, "b");

        Assert.True(run.ExitCode == ExitCodes.Transient, run.ToString());
        Assert.True(run.Stderr.Contains($"GET {_server.UrlOf("d.csv")} answered {status}", StringComparison.Ordinal), run.ToString());
        Assert.Empty(CachedFiles());
    }

    private static string Version(string bundle)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(bundle, "manifest.json")));
        return manifest.RootElement.GetProperty("version").GetString()!;
    }
}
