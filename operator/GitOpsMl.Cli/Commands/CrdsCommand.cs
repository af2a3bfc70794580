using System.CommandLine;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml crds --out DIR`: writes the generated CRDs, one file per kind.</summary>
public static class CrdsCommand
{
    public static Command Create()
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write the CRD YAML files into (created if missing).", Required = true };
        var cmd = new Command("crds", "Generate the CustomResourceDefinitions from the API types.") { outOption };
        cmd.SetAction(parse =>
        {
            var dir = parse.GetValue(outOption)!;
            try
            {
                dir.Create();
                foreach (var kind in KindRegistry.All)
                    File.WriteAllText(Path.Combine(dir.FullName, CrdGenerator.FileName(kind)), CrdGenerator.Generate(kind));
                Console.WriteLine($"wrote {KindRegistry.All.Count} CRDs to {dir.FullName}");
                return ExitCodes.Ok;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"gitopsml crds: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return cmd;
    }
}
