using System.CommandLine;

namespace GitOpsMl.Cli.Commands;

public static class ValidateCommand
{
    public static Command Create() => new("validate", "Validate manifests (placeholder while the validator lands).");
}
