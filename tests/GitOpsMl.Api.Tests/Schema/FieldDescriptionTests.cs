using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>
/// Every field a user can read about — spec and status, nested objects, list items and references —
/// has a description, so `kubectl explain`, `gitopsml explain` and docs/reference.md never answer
/// &lt;empty&gt;. A field added without [Description] fails here by its path.
/// </summary>
public class FieldDescriptionTests
{
    // The API server publishes ObjectMeta's own documentation for metadata; the CRD may only constrain name and generateName there.
    private static readonly string[] ServerDocumented = ["metadata"];

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void Every_field_of_the_kind_has_a_description(string kind)
    {
        var info = KindRegistry.Find(kind)!;
        var undescribed = SchemaFields.Walk(info.Schema, "")
            .Where(f => !ServerDocumented.Contains(f.Path) && string.IsNullOrWhiteSpace(f.Node.Description))
            .Select(f => f.Path)
            .ToList();

        Assert.True(undescribed.Count == 0,
            $"{kind}: {undescribed.Count} fields have no description (add [Description] to the C# property):\n  " + string.Join("\n  ", undescribed));
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void The_kind_itself_has_a_description(string kind) =>
        Assert.False(string.IsNullOrWhiteSpace(KindRegistry.Find(kind)!.Description), $"{kind} has no [Description]");

    [Fact]
    public void The_walk_reaches_nested_objects_list_items_and_references()
    {
        // A guard on the test itself: if the walk stopped at the top level, the check above would pass vacuously.
        var paths = SchemaFields.Walk(KindRegistry.Find("Deployment")!.Schema, "").Select(f => f.Path).ToList();

        Assert.Contains("spec.modelRef.name", paths);
        Assert.Contains("spec.rollout.canary.steps[].weight", paths);
        Assert.Contains("status.conditions[].reason", paths);
        Assert.Contains("status.history[].decision", paths);
    }
}
