using System.CommandLine;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Validation;
using GitOpsMl.Cli.Validation;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml validate PATH...`: the check CI runs on every pull request.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders of manifests (*.yaml, *.yml; folders are searched recursively).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output format: text, json or github.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "github");
        var cmd = new Command("validate", "Validate manifests offline: schema, CEL rules, references, columns and metrics. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            paths, output,
        };
        cmd.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(output)!, Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(IReadOnlyList<string> paths, string output, TextWriter stdout, TextWriter stderr)
    {
        var found = ManifestFileFinder.Find(paths);
        foreach (var m in found.Missing) stderr.WriteLine($"gitopsml validate: {m}: no such file or directory");
        if (found.Missing.Count > 0) return ExitCodes.Usage;
        if (found.Files.Count == 0)
        {
            stderr.WriteLine($"gitopsml validate: no *.yaml or *.yml files under {string.Join(", ", paths)}");
            return ExitCodes.Usage;
        }

        var files = new List<ManifestFile>();
        var maxBytes = ManifestLoadLimits.Default.MaxFileBytes;
        foreach (var path in found.Files)
        {
            var display = ManifestFileFinder.DisplayName(path);
            try
            {
                // Never read a huge file into memory: the loader would refuse it anyway.
                var length = new FileInfo(path).Length;
                files.Add(new ManifestFile(display, length > maxBytes ? TooLarge(length, maxBytes) : File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"gitopsml validate: {display}: {e.Message}");
                return ExitCodes.Usage;
            }
        }
        var context = new ValidationContext
        {
            DataFileExists = (manifestDisplayName, dataPath) =>
            {
                var manifest = found.Files.First(f => ManifestFileFinder.DisplayName(f) == manifestDisplayName);
                try
                {
                    var resolved = RepositoryRoot.Resolve(manifest, dataPath);
                    return (File.Exists(resolved), ManifestFileFinder.DisplayName(resolved));
                }
                catch (InvalidOperationException e) { return (false, e.Message); }
            },
        };
        var report = ManifestValidator.Validate(files, context);
        switch (output)
        {
            case "json": DiagnosticFormatter.WriteJson(stdout, report); break;
            case "github": DiagnosticFormatter.WriteGitHub(stdout, report); break;
            default: DiagnosticFormatter.WriteText(stdout, report); break;
        }
        return report.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    // Hands the loader a length-only stand-in so the refusal comes from one place with one message.
    private static byte[] TooLarge(long length, long max) => new byte[Math.Min(length, max + 1)];
}
