using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public sealed class DataRootResolverTests
{
    private static Dataset Dataset(string? annotation) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "churn",
            Annotations = annotation is null ? null : new Dictionary<string, string> { [GitOpsMlAnnotations.SourceRoot] = annotation },
        },
        Spec = new DatasetSpec { Source = new DatasetSource { Path = "data/churn.csv" } },
    };

    [Theory]
    [InlineData("/repo", null, "/repo")]            // applied by `gitopsml apply`/`up`: the repository root
    [InlineData(null, "/data", "/data")]            // applied with kubectl, operator started with --data-root
    [InlineData("/repo", "/data", "/repo")]         // the annotation wins over --data-root
    [InlineData("", "/data", "/data")]              // an empty annotation says nothing
    [InlineData(null, null, null)]                  // neither: no root, never the current directory
    [InlineData(null, "", null)]                    // an empty --data-root is none
    public void The_annotation_wins_then_the_data_root_else_there_is_none(string? annotation, string? dataRoot, string? expected)
    {
        Assert.Equal(expected, new DataRootResolver(dataRoot).RootOf(Dataset(annotation)));
    }

    [Fact]
    public void The_message_for_a_missing_root_names_the_path_the_annotation_and_the_flag()
    {
        var message = DataRootResolver.MissingMessage(Dataset(null));
        Assert.StartsWith("Dataset churn: spec.source.path \"data/churn.csv\"", message);
        Assert.Contains(GitOpsMlAnnotations.SourceRoot, message);
        Assert.Contains("--data-root", message);
    }
}
