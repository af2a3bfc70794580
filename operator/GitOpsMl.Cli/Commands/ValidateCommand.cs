using System.CommandLine;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Data.Validation;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml validate PATH...`: the check CI runs on every pull request.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders of manifests (*.yaml, *.yml; folders are searched recursively).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output format: text, json or github.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "github");
        var sampleRows = new Option<int>("--sample-rows")
        {
            Description = "Rows of each Dataset's data to read and check against its schema (header, types, ranges, values), from the start of the file.",
            DefaultValueFactory = _ => DataSampler.DefaultRows,
        };
        sampleRows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--sample-rows must be at least 1 (use --no-data to read no data)");
        });
        var noData = new Option<bool>("--no-data") { Description = "Do not look at data files at all, not even whether they exist (for CI without the data checked out)." };
        var cmd = new Command("validate", "Validate manifests offline: schema, CEL rules, references, columns, metrics, each Dataset's header and first rows, and from its row count the run's split-size refusals and optimizer-step warning. Exit 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.")
        {
            paths, output, sampleRows, noData,
        };
        cmd.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(output)!, Console.Out, Console.Error,
            parse.GetValue(noData) ? null : parse.GetValue(sampleRows)));
        return cmd;
    }

    /// <param name="sampleRows">Rows of data to check per Dataset; null looks at no data file, not even whether it exists.</param>
    /// <param name="dataCache">Where url sources are downloaded to be sampled; null: <see cref="GitOpsMl.Data.Remote.DataCacheLocation"/>'s user cache.</param>
    public static int Run(IReadOnlyList<string> paths, string output, TextWriter stdout, TextWriter stderr, int? sampleRows = DataSampler.DefaultRows,
        string? dataCache = null)
    {
        var read = ManifestSetReader.Read(paths, sampleRows: sampleRows, checkData: sampleRows is not null,
            dataCache: dataCache is null ? null : new GitOpsMl.Data.Remote.UrlDataCache(dataCache));
        foreach (var e in read.UsageErrors) stderr.WriteLine($"gitopsml validate: {e}");
        if (read.Report is not { } report) return ExitCodes.Usage;
        switch (output)
        {
            case "json": DiagnosticFormatter.WriteJson(stdout, report); break;
            case "github": DiagnosticFormatter.WriteGitHub(stdout, report); break;
            default: DiagnosticFormatter.WriteText(stdout, report); break;
        }
        return report.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
    }
}
