namespace GitOpsMl.Api.Common;

public static class ApiGroup
{
    public const string Group = "gitopsml.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Category = "gitopsml";

    /// <summary>Annotation the git sync stamps on every object: the commit it came from.</summary>
    public const string CommitAnnotation = "gitopsml.io/commit";
}
