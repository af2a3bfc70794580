using GitOpsMl.Cli.Commands;

var parse = GitOpsMlCommand.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad arguments are usage errors (2), never "invalid manifests" (1): CI scripts tell the two apart.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"gitopsml: {error.Message}");
    Console.Error.WriteLine("Run 'gitopsml --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
