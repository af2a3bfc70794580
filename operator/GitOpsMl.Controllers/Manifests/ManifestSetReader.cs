using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Validation;
using GitOpsMl.Data.Remote;
using DataSampler = GitOpsMl.Data.Validation.DataSampler;

namespace GitOpsMl.Controllers.Manifests;

/// <summary>Reads every manifest under the given paths and validates the set; shared by validate, train and the other commands.</summary>
public static class ManifestSetReader
{
    public sealed record Result(ValidationReport? Report, IReadOnlyList<string> UsageErrors, IReadOnlyDictionary<string, string> FullPaths)
    {
        /// <summary>The file a validated object came from, as a full path (data paths resolve against its repository root).</summary>
        public string FullPathOf(ManifestObject o) => FullPaths[o.File];
    }

    /// <param name="dataRoot">Resolve data paths against this folder instead of each manifest's repository root.</param>
    /// <param name="sampleRows">Read each Dataset's header and first rows, this many, and report what breaks the schema; null reads none.</param>
    /// <param name="checkData">False skips the data files altogether, their existence included (CI without the data checked out).</param>
    /// <param name="displayRoot">Name files relative to this folder (a GitSource's checkout: paths as in the repository) instead of the working directory.</param>
    /// <param name="dataCache">Where url sources are downloaded; null: <see cref="DataCacheLocation"/>'s user cache.</param>
    public static Result Read(IReadOnlyList<string> paths, string? dataRoot = null, int? sampleRows = null, bool checkData = true, string? displayRoot = null,
        UrlDataCache? dataCache = null)
    {
        var found = ManifestFileFinder.Find(paths);
        var errors = found.Missing.Select(m => $"{m}: no such file or directory").ToList();
        if (errors.Count > 0) return new Result(null, errors, new Dictionary<string, string>());
        if (found.Files.Count == 0)
            return new Result(null, [$"no *.yaml or *.yml files under {string.Join(", ", paths)}"], new Dictionary<string, string>());

        var files = new List<ManifestFile>();
        var fullPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var maxBytes = ManifestLoadLimits.Default.MaxFileBytes;
        foreach (var path in found.Files)
        {
            var display = ManifestFileFinder.DisplayName(path, displayRoot);
            fullPaths[display] = path;
            try
            {
                // Never read a huge file into memory: it is refused unread, with its size on disk.
                var length = new FileInfo(path).Length;
                files.Add(length > maxBytes ? ManifestFile.Unread(display, length) : new ManifestFile(display, File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new Result(null, [$"{display}: {e.Message}"], fullPaths);
            }
        }
        var resolver = new DatasetFileResolver(dataCache ?? new UrlDataCache(DataCacheLocation.For(null)));
        string RootOf(string manifest) => dataRoot ?? RepositoryRoot.For(fullPaths[manifest]);
        string Display(Dataset dataset, string file) => dataset.Spec.Source.Url ?? ManifestFileFinder.DisplayName(file, displayRoot);
        var context = !checkData ? new ValidationContext() : new ValidationContext
        {
            LocateData = (manifest, dataset) =>
            {
                // Only a data check downloads (validate): apply, up and a GitSource's sync leave it to the Dataset's reconcile.
                if (dataset.Spec.Source.Url is { } url && sampleRows is null) return new DataLocation(url);
                try
                {
                    var file = resolver.Resolve(dataset, RootOf(manifest));
                    var display = Display(dataset, file);
                    return File.Exists(file) ? new DataLocation(display) : new DataLocation(display, $"file not found: {display}");
                }
                catch (InvalidOperationException e) { return new DataLocation(e.Message, $"file not found: {e.Message}"); }
                catch (GitOpsMlFailure e) { return new DataLocation(dataset.Spec.Source.Url ?? "", e.Message); }
            },
            SampleData = sampleRows is not { } rows ? null : (manifest, dataset) =>
            {
                // Called only once LocateData found the data, so it resolves (a url from the cache, without network).
                var file = resolver.Resolve(dataset, RootOf(manifest));
                return DataSampler.Check(dataset.Spec, file, Display(dataset, file), rows);
            },
            // Counted where the data is sampled (validate): train counts exactly, and apply or up need not wait on it.
            CountDataRows = sampleRows is null ? null : (manifest, dataset) =>
                DataSampler.CountRows(dataset.Spec, resolver.Resolve(dataset, RootOf(manifest))),
        };
        return new Result(ManifestValidator.Validate(files, context), [], fullPaths);
    }
}
