namespace GitOpsMl.Cli.Commands;

/// <summary>The options of `gitopsml operator`, as given (paths not yet resolved).</summary>
public sealed record OperatorSettings(
    string? Kubeconfig, string? Context, string? Namespace, string? State, string? DataRoot, int? MetricsPort, int? Port);
