using System.CommandLine;
using System.Text.RegularExpressions;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Api.Failures;
using GitOpsMl.Data.Inspection;
using GitOpsMl.Data.Remote;

namespace GitOpsMl.Cli.Commands;

/// <summary>
/// `gitopsml inspect DATA [--format csv|parquet] [--schema] [--rows N]`: the columns of a CSV or
/// Parquet file (inferred types, nulls, distinct counts, examples), or with --schema a starting
/// Dataset manifest on stdout. Exit 0, 1 when the file cannot be read as data or described as a
/// schema, 2 on usage or I/O errors.
/// </summary>
public static class InspectCommand
{
    /// <param name="Path">A file, or an http(s) address downloaded into the data cache first.</param>
    /// <param name="DataCache">Where an address is downloaded; null: <see cref="DataCacheLocation"/>'s user cache.</param>
    public sealed record Arguments(string Path, string? Format = null, bool Schema = false, int Rows = InspectionOptions.DefaultMaxRows, string? Name = null, string? Delimiter = null,
        string? DataCache = null);

    public static Command Create()
    {
        var path = new Argument<string>("data") { Description = "A CSV or Parquet file, or its http(s) address (downloaded into the data cache; its sha256 is printed, and --schema pins it)." };
        var format = new Option<string?>("--format") { Description = "csv or parquet (default: by extension, else by content)." };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var schema = new Option<bool>("--schema") { Description = "Print a starting Dataset manifest (YAML) to commit, instead of the table." };
        var rows = new Option<int>("--rows") { Description = $"Read at most this many rows (default {InspectionOptions.DefaultMaxRows}).", DefaultValueFactory = _ => InspectionOptions.DefaultMaxRows };
        var name = new Option<string?>("--name") { Description = "metadata.name of the Dataset written by --schema (default: from the file name)." };
        var delimiter = new Option<string?>("--delimiter") { Description = "CSV field delimiter, one character (default ',', tab for .tsv); \\t for tab." };
        var cmd = new Command("inspect", "Show the columns of a CSV or Parquet file: inferred types, null and distinct counts, examples; --schema prints a Dataset manifest to start from. " +
                                         "Exit 0 ok, 1 the file cannot be read or described, 2 usage or I/O error.")
        {
            path, format, schema, rows, name, delimiter,
        };
        cmd.SetAction(parse => Run(new Arguments(parse.GetValue(path)!, parse.GetValue(format), parse.GetValue(schema), parse.GetValue(rows),
            parse.GetValue(name), parse.GetValue(delimiter)), Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        int Fail(int code, string message)
        {
            stderr.WriteLine($"gitopsml inspect: {message}");
            return code;
        }

        if (args.Rows < 1) return Fail(ExitCodes.Usage, $"--rows must be at least 1, got {args.Rows}");
        char? delimiter = null;
        if (args.Delimiter is { } d)
        {
            var unescaped = d == "\\t" ? "\t" : d;
            if (unescaped.Length != 1) return Fail(ExitCodes.Usage, $"--delimiter must be one character (or \\t), got \"{d}\"");
            delimiter = unescaped[0];
        }
        if (args.Name is { } n && (n.Length > 63 || !Regex.IsMatch(n, Patterns.Dns1123Label)))
            return Fail(ExitCodes.Usage, $"--name \"{n}\" is not {Patterns.Dns1123Expected}");
        string? url = null, sha256 = null;
        var local = args.Path;
        if (args.Path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || args.Path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Regex.IsMatch(args.Path, Patterns.HttpUrl)) return Fail(ExitCodes.Usage, $"\"{args.Path}\" is not {Patterns.HttpUrlExpected}");
            try { (local, sha256) = new UrlDataCache(args.DataCache ?? DataCacheLocation.For(null)).Download(args.Path); }
            catch (GitOpsMlFailure e) { return Fail(ExitCodes.For(e), e.Message); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(ExitCodes.Usage, e.Message); }
            url = args.Path;
            stderr.WriteLine($"gitopsml inspect: downloaded {url} to {local}");
        }
        else if (!File.Exists(args.Path))
        {
            return Fail(ExitCodes.Usage, Directory.Exists(args.Path) ? $"{args.Path} is a folder; name a CSV or Parquet file" : $"{args.Path}: no such file");
        }

        InspectionReport report;
        try
        {
            report = DataInspector.Inspect(local, new InspectionOptions
            {
                Format = args.Format switch { "csv" => DataFormat.Csv, "parquet" => DataFormat.Parquet, _ => null },
                Delimiter = delimiter,
                MaxRows = args.Rows,
            });
        }
        catch (InspectionException e) { return Fail(ExitCodes.Invalid, e.Message); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(ExitCodes.Usage, e.Message); }

        if (!args.Schema)
        {
            stdout.Write(InspectionTextWriter.Write(report));
            if (sha256 is not null) stdout.WriteLine($"sha256: {sha256}");
            return ExitCodes.Ok;
        }
        var problems = DatasetManifestWriter.Problems(report);
        if (problems.Count > 0)
            return Fail(ExitCodes.Invalid, $"{args.Path}: the columns cannot be written as a Dataset schema: {string.Join("; ", problems)}");
        // Notes (sampling, encoding) go to stderr so `inspect --schema > dataset.yaml` writes only the manifest.
        foreach (var note in report.Notes) stderr.WriteLine($"gitopsml inspect: note: {note}");
        if (url is not null)
        {
            var name = args.Name ?? DatasetManifestWriter.NameFor(new Uri(url).AbsolutePath);
            stdout.Write(DatasetManifestWriter.Write(report, name, "", $"gitopsml inspect {url} --schema", url, sha256));
            return ExitCodes.Ok;
        }
        var (source, located) = SourcePath(args.Path);
        if (!located)
            stderr.WriteLine($"gitopsml inspect: note: {args.Path} is in no repository (no .git or {RepositoryRoot.Marker} above it): spec.source.path is its file name; put the manifest beside it or adjust the path");
        var command = $"gitopsml inspect {Path.GetFileName(args.Path)} --schema";
        stdout.Write(DatasetManifestWriter.Write(report, args.Name ?? DatasetManifestWriter.NameFor(args.Path), source, command));
        return ExitCodes.Ok;
    }

    /// <summary>The data path relative to its repository root, as spec.source.path states it; false when no root was found above it.</summary>
    private static (string Path, bool Located) SourcePath(string dataPath)
    {
        var full = Path.GetFullPath(dataPath);
        var root = RepositoryRoot.For(full);
        var located = root != Path.GetDirectoryName(full) || File.Exists(Path.Combine(root, RepositoryRoot.Marker)) || Directory.Exists(Path.Combine(root, ".git"));
        return (Path.GetRelativePath(root, full).Replace('\\', '/'), located);
    }
}
