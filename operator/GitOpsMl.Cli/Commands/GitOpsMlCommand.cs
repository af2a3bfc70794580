using System.CommandLine;

namespace GitOpsMl.Cli.Commands;

/// <summary>The root `gitopsml` command and its subcommands.</summary>
public static class GitOpsMlCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("GitOpsMl: a GitOps control plane for machine learning on Kubernetes.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(CrdsCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(OperatorCommand.Create());
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(GetCommand.Create());
        root.Subcommands.Add(DescribeCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(DeleteCommand.Create());
        root.Subcommands.Add(DocsCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        return root;
    }
}
