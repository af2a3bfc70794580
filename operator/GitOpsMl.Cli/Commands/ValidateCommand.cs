using System.CommandLine;
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
        var read = ManifestSetReader.Read(paths);
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
