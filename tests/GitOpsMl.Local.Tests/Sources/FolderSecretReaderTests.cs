using System.Text;
using GitOpsMl.Local.Sources;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>`up --secrets-dir DIR`: Secrets as DIR/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt; files, the layout of a mounted Secret volume.</summary>
public sealed class FolderSecretReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gitopsml-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Text(IReadOnlyDictionary<string, byte[]> data, string key) => Encoding.UTF8.GetString(data[key]);

    [Fact]
    public async Task Each_file_of_the_namespace_and_name_folder_is_a_key_holding_its_bytes()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "team", "git-creds"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "team", "git-creds", "username"), "bot");
        await File.WriteAllTextAsync(Path.Combine(_dir, "team", "git-creds", "password"), "pw\n");

        var data = (await new FolderSecretReader(_dir).ReadAsync("team", "git-creds", CancellationToken.None))!;

        Assert.Equal(["password", "username"], data.Keys.Order());
        Assert.Equal("pw\n", Text(data, "password"));
        Assert.Null(await new FolderSecretReader(_dir).ReadAsync("default", "git-creds", CancellationToken.None));
    }

    [Fact]
    public async Task A_folder_laid_out_as_the_kubelet_mounts_a_Secret_reads_its_keys_and_not_the_dot_dot_entries()
    {
        // kubelet: DIR/..<timestamp>/<key> files, DIR/..data -> ..<timestamp>, DIR/<key> -> ..data/<key>.
        var folder = Path.Combine(_dir, "default", "git-creds");
        var stamp = Path.Combine(folder, "..2026_01_01_00_00_00.000000001");
        Directory.CreateDirectory(stamp);
        await File.WriteAllTextAsync(Path.Combine(stamp, "bearerToken"), "tok");
        File.CreateSymbolicLink(Path.Combine(folder, "..data"), Path.GetFileName(stamp));
        File.CreateSymbolicLink(Path.Combine(folder, "bearerToken"), "..data/bearerToken");

        var data = (await new FolderSecretReader(_dir).ReadAsync("default", "git-creds", CancellationToken.None))!;

        Assert.Equal("bearerToken", Assert.Single(data.Keys));
        Assert.Equal("tok", Text(data, "bearerToken"));
    }

    [Theory]
    [InlineData("default", "..")]
    [InlineData("..", "default")]
    [InlineData("default", "a/b")]
    public async Task A_namespace_or_name_that_would_leave_the_folder_is_no_Secret(string ns, string name)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "default", "a", "b"));
        Assert.Null(await new FolderSecretReader(Path.Combine(_dir, "default")).ReadAsync(ns, name, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_folder_there_is_no_Secret_and_the_description_says_to_pass_secrets_dir()
    {
        var reader = new FolderSecretReader(null);

        Assert.Null(await reader.ReadAsync("default", "git-creds", CancellationToken.None));
        Assert.Contains("--secrets-dir DIR", reader.Describe("default", "git-creds"));
        Assert.Contains(Path.Combine(_dir, "default", "git-creds"), new FolderSecretReader(_dir).Describe("default", "git-creds"));
    }
}
