using System.Security.Cryptography;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Data.Remote;

/// <summary>
/// Downloads data named by an http(s) address into a content-addressed cache, CACHE/sha256/HEX.EXT:
/// the file's name is its digest, so a file there is never stale and is reused without network. A
/// download streams to a temporary file in the same folder, hashed while written, and is renamed into
/// place only once its digest is known (and, when pinned, right): a reader never sees half a file,
/// and a wrong pin leaves nothing behind. Synchronous, like the readers that consume the file.
/// </summary>
public sealed class UrlDataCache(string directory, HttpClient? http = null)
{
    public const string DownloadFailed = "DownloadFailed";

    // One client for the process: HttpClient pools connections and is safe to share.
    private static readonly HttpClient SharedClient = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly HttpClient _http = http ?? SharedClient;

    public string Directory { get; } = Path.GetFullPath(directory);

    private string DigestFolder => Path.Combine(Directory, "sha256");

    /// <summary>Where the file with this digest, downloaded from this address, lies in the cache.</summary>
    public string PathOf(string sha256, string url) => Path.Combine(DigestFolder, sha256.ToLowerInvariant() + Extension(url));

    /// <summary>
    /// The local file holding the pinned bytes of <paramref name="url"/>: the cached one, or a fresh download.
    /// </summary>
    /// <param name="owner">The object the data is for, as messages name it (e.g. "Dataset trips").</param>
    /// <exception cref="DataRefusedException">Sha256Mismatch: the address served other bytes (nothing is cached).</exception>
    /// <exception cref="GitOpsMlFailure">Transient <see cref="DownloadFailed"/>: an HTTP error status or a network failure.</exception>
    public string Fetch(string url, string sha256, string owner, CancellationToken ct = default)
    {
        var expected = sha256.ToLowerInvariant();
        var target = PathOf(expected, url);
        if (File.Exists(target)) return target;
        var (temp, actual) = DownloadToTemp(url, owner, ct);
        if (actual != expected)
        {
            File.Delete(temp);
            throw new DataRefusedException(DataRefusalReason.Sha256Mismatch,
                $"{owner}: {url} served bytes with sha256 {actual}, but spec.sha256 pins {expected}: " +
                "the address now serves other data; nothing was cached. Pin the new digest if the change is wanted.");
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>Downloads without a pin (`gitopsml inspect URL`, which prints the digest to pin); returns the cached file and its sha256.</summary>
    public (string Path, string Sha256) Download(string url, CancellationToken ct = default)
    {
        var (temp, actual) = DownloadToTemp(url, url, ct);
        var target = PathOf(actual, url);
        File.Move(temp, target, overwrite: true);
        return (target, actual);
    }

    private (string Temp, string Sha256) DownloadToTemp(string url, string owner, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(DigestFolder);
        var temp = Path.Combine(DigestFolder, $".download-{Guid.NewGuid():N}.tmp");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new GitOpsMlFailure(FailureKind.Transient, DownloadFailed,
                    $"{owner}: GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var body = response.Content.ReadAsStream(ct))
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = body.Read(buffer)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    hash.AppendData(buffer.AsSpan(0, read));
                    file.Write(buffer.AsSpan(0, read));
                }
                file.Flush(flushToDisk: true);
            }
            return (temp, ContentHash.Hex(hash.GetHashAndReset()));
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            File.Delete(temp);
            throw new GitOpsMlFailure(FailureKind.Transient, DownloadFailed, $"{owner}: GET {url} failed: {e.Message}", e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The address's file extension (".parquet", ".csv"), kept so a cached file reads like the original; ".data" when it has none.</summary>
    private static string Extension(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension.Length is > 1 and <= 12 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension : ".data";
    }
}
