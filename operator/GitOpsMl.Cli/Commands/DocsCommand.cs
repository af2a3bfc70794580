using System.CommandLine;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml docs --out docs/reference.md`: writes the field reference of every kind.</summary>
public static class DocsCommand
{
    public static Command Create()
    {
        var outOption = new Option<FileInfo>("--out") { Description = "Markdown file to write (its folder is created if missing).", Required = true };
        var cmd = new Command("docs", "Generate the field reference (docs/reference.md) from the API types: every kind and field, defaults, allowed values, constraints and rules.") { outOption };
        cmd.SetAction(parse => Run(parse.GetValue(outOption)!, Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(FileInfo file, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            file.Directory?.Create();
            File.WriteAllText(file.FullName, ReferenceWriter.Markdown());
            stdout.WriteLine($"wrote the reference of {KindRegistry.All.Count} kinds to {file.FullName}");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gitopsml docs: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
