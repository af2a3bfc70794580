using GitOpsMl.Api.Common;
using System.Text.Json;
using GitOpsMl.Serving.Bundles;

namespace GitOpsMl.Serving.Tests;

public sealed class BundleLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_verified_bundle_loads_with_manifest_profile_and_the_hashed_model_bytes()
    {
        var dir = ChurnBundle.Write(_temp.Sub("b"), "v7");
        var bundle = BundleLoader.Load(dir);
        Assert.Equal("churn", bundle.Manifest.Model);
        Assert.Equal("v7", bundle.Manifest.Version);
        Assert.Equal(ChurnBundle.TenureEdges, bundle.Profile.Columns["tenure_months"].BinEdges);
        Assert.Equal(ContentHash.OfBytes(bundle.ModelBytes), bundle.ModelSha256);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("profile.json")]
    [InlineData("model-card.md")]
    public void Any_file_that_differs_from_its_sha256_refuses_the_bundle(string file)
    {
        var dir = ChurnBundle.Write(_temp.Sub("b"));
        BundleWriter.Tamper(dir, file);
        var error = Assert.Throws<BundleLoadException>(() => BundleLoader.Load(dir));
        Assert.Contains($"sha256 mismatch for {file}", error.Reason);
    }

    [Fact]
    public void A_missing_listed_file_or_an_unlisted_file_refuses_the_bundle()
    {
        var dir = ChurnBundle.Write(_temp.Sub("a"));
        File.Delete(Path.Combine(dir, "model-card.md"));
        Assert.Contains("cannot be read", Assert.Throws<BundleLoadException>(() => BundleLoader.Load(dir)).Reason);

        var other = ChurnBundle.Write(_temp.Sub("b"));
        File.WriteAllText(Path.Combine(other, "extra.bin"), "x");
        Assert.Contains("extra.bin is not listed", Assert.Throws<BundleLoadException>(() => BundleLoader.Load(other)).Reason);
        File.Delete(Path.Combine(other, "extra.bin"));
        File.WriteAllText(Path.Combine(other, ".hidden"), "ignored");
        BundleLoader.Load(other);
    }

    [Theory]
    [InlineData("\"task\": \"binary\"", "\"task\": \"ranking\"", "task 'ranking'")]
    [InlineData("\"version\": \"v1\"", "\"version\": \"../x\"", "version '../x'")]
    [InlineData("\"kind\": \"categorical\"", "\"kind\": \"text\"", "expected numeric, bool, categorical or timestamp")]
    [InlineData("\"model-card.md\":", "\"../model-card.md\":", "relative path inside the bundle")]
    [InlineData("\"classes\": [", "\"classes\": [\"maybe\",", "exactly 2 classes")]
    public void A_malformed_manifest_refuses_the_bundle(string find, string replace, string mention)
    {
        var dir = ChurnBundle.Write(_temp.Sub("b"));
        var path = Path.Combine(dir, "manifest.json");
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        var replaced = text.Replace(find, replace);
        File.WriteAllText(path, find == "\"kind\": \"categorical\"" ? ReplaceFirst(text, find, replace) : replaced);
        Assert.Contains(mention, Assert.Throws<BundleLoadException>(() => BundleLoader.Load(dir)).Reason);
    }

    [Fact]
    public void Missing_or_broken_manifest_and_missing_folder_are_refused()
    {
        Assert.Contains("does not exist", Assert.Throws<BundleLoadException>(() => BundleLoader.Load(_temp.Sub("none"))).Reason);
        var dir = ChurnBundle.Write(_temp.Sub("b"));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{ nope");
        Assert.Contains("manifest.json is not a valid bundle manifest", Assert.Throws<BundleLoadException>(() => BundleLoader.Load(dir)).Reason);
        File.Delete(Path.Combine(dir, "manifest.json"));
        Assert.Contains("manifest.json is missing", Assert.Throws<BundleLoadException>(() => BundleLoader.Load(dir)).Reason);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }
}
