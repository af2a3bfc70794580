using System.CommandLine;
using GitOpsMl.Cli.Commands;

var parse = GitOpsMlCommand.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad arguments are usage errors (2), never "invalid manifests" (1): CI scripts tell the two apart.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"gitopsml: {error.Message}");
    Console.Error.WriteLine("Run 'gitopsml --help' for usage.");
    return ExitCodes.Usage;
}
try
{
    // System.CommandLine's own handler would print the exception and exit 1 ("invalid input"); every
    // exception that escapes a command goes through the one failure→exit-code map instead.
    // Its termination handling is off: it would exit 143 two seconds after SIGTERM, cutting short a
    // command still stopping its children. `up`, `operator` and `train` handle the signals (StopSignals),
    // `serve` through the ASP.NET Core host; the rest end at once, as any process does.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e)
{
    Console.Error.WriteLine($"gitopsml: {ExitCodes.Describe(e)}");
    return ExitCodes.For(e);
}
