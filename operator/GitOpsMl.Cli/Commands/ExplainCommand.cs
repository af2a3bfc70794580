using System.CommandLine;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml explain KIND[.field.path]`: the reference of one kind or field, like kubectl explain, offline.</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "A kind (name, plural or short name, any case), optionally followed by a field path: dataset.spec.split.seed." };
        var cmd = new Command("explain", "Describe a kind or one of its fields: type, default, allowed values, constraints, description, fields and rules. Exit 0, or 2 for an unknown kind or field.")
        {
            target,
        };
        cmd.SetAction(parse => Run(parse.GetValue(target)!, Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(string target, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            stdout.Write(ExplainWriter.Write(FieldLookup.Resolve(target)));
            return ExitCodes.Ok;
        }
        catch (FieldLookupException e)
        {
            stderr.WriteLine($"gitopsml explain: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
