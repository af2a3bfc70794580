using GitOpsMl.Local.Tests.Execution.Support;
using GitOpsMl.Local.Tests.Store;

namespace GitOpsMl.Local.Tests;

/// <summary>
/// The test assembly's one entry point (GenerateProgramFile is off): tests that must SIGKILL a
/// process run this assembly as it, choosing the role by the first argument.
/// </summary>
public static class TestProgram
{
    public static Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        StoreCrashWriter.Command => StoreCrashWriter.RunAsync(args),
        "parent" => ThrowawayParent.RunAsync(args),
        _ => Task.FromResult(2),
    };
}
