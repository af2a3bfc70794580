using System.Text;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests.Url;

/// <summary>
/// `validate` and `inspect` on data named by an http address: validate downloads (into the cache) and samples a url
/// Dataset like a file, and with --no-data reads no network; inspect downloads an address, prints its sha256 and with
/// --schema writes a Dataset with source.url and the pin, which validates against the same address.
/// </summary>
public sealed class UrlValidateAndInspectTests : IAsyncLifetime
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("tenure,plan,churned\n1.5,basic,true\n3,pro,false\n7,basic,true\n");
    private static readonly string Digest = ContentHash.OfBytes(Csv);
    private DataFileServer _server = null!;
    private readonly TempRepository _repo = new();

    public async Task InitializeAsync() => _server = await DataFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _repo.Dispose();
    }

    private string Cache => _repo.PathOf(".cache");

    private static string Dataset(string url, string planType = "category, values: [basic, pro]", string? sha256 = null) => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata:
          name: d
        spec:
          source: {url: '{{url}}'}
          sha256: {{sha256 ?? Digest}}
          schema:
            - {name: tenure, type: float}
            - {name: plan, type: {{planType}}}
            - {name: churned, type: bool, role: label}
        """;

    private (int Code, string Stdout, string Stderr) Validate(int? sampleRows)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = ValidateCommand.Run([_repo.PathOf("manifests")], "text", stdout, stderr, sampleRows, Cache);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Validate_samples_a_url_dataset_like_a_file_and_reports_what_breaks_the_schema_at_the_url()
    {
        _repo.Write("manifests/d.yaml", Dataset(_server.Serve("d.csv", Csv), planType: "bool"));

        var (code, stdout, stderr) = Validate(sampleRows: 100);

        Assert.True(code == ExitCodes.Invalid, stdout + stderr);
        Assert.True(stdout.Contains("'basic' is not a bool", StringComparison.Ordinal), stdout);
        Assert.True(stdout.Contains(_server.UrlOf("d.csv"), StringComparison.Ordinal), stdout);
        Assert.Equal(1, _server.RequestsFor("d.csv"));
        Assert.True(File.Exists(Path.Combine(Cache, "sha256", Digest + ".csv")));
    }

    [Fact]
    public void Validate_passes_a_url_dataset_whose_data_matches_and_a_wrong_address_is_an_error_at_source_url()
    {
        _repo.Write("manifests/d.yaml", Dataset(_server.Serve("d.csv", Csv)));
        var ok = Validate(sampleRows: 100);
        Assert.True(ok.Code == ExitCodes.Ok, ok.Stdout + ok.Stderr);
        Assert.Equal(1, _server.RequestsFor("d.csv"));

        // Another pin: the cache holds the first one's bytes, and an address is only fetched when its digest is not cached.
        _repo.Write("manifests/d.yaml", Dataset(_server.UrlOf("gone.csv"), sha256: new string('b', 64)));
        var (code, stdout, _) = Validate(sampleRows: 100);
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.True(stdout.Contains($"spec.source.url: Dataset d: GET {_server.UrlOf("gone.csv")} answered 404", StringComparison.Ordinal), stdout);
    }

    [Fact]
    public void Validate_with_no_data_makes_no_request()
    {
        _repo.Write("manifests/d.yaml", Dataset(_server.Serve("d.csv", Csv)));

        var (code, stdout, stderr) = Validate(sampleRows: null);

        Assert.True(code == ExitCodes.Ok, stdout + stderr);
        Assert.Equal(0, _server.Requests);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void Inspect_downloads_an_address_prints_its_sha256_and_the_schema_it_writes_pins_the_url_and_validates()
    {
        var url = _server.Serve("churn-2024.csv", Csv);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Ok, InspectCommand.Run(new InspectCommand.Arguments(url, DataCache: Cache), stdout, stderr));
        Assert.Contains($"sha256: {Digest}", stdout.ToString());

        (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = InspectCommand.Run(new InspectCommand.Arguments(url, Schema: true, DataCache: Cache), stdout, stderr);

        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        var manifest = stdout.ToString();
        Assert.True(manifest.Contains($"  source:\n    url: \"{url}\"\n  sha256: {Digest}\n", StringComparison.Ordinal), manifest);
        Assert.Contains("name: churn-2024\n", manifest);
        _repo.Write("manifests/d.yaml", manifest);
        var validate = Validate(sampleRows: 100);
        Assert.True(validate.Code == ExitCodes.Ok, validate.Stdout + validate.Stderr + manifest);
        // Both inspections downloaded (inspect pins what the address serves now); validate found the digest cached.
        Assert.Equal(2, _server.RequestsFor("churn-2024.csv"));
    }
}
