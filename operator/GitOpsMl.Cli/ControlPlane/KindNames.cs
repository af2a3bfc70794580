using GitOpsMl.Api.Schema;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>kubectl's kind resolution: kind, singular, plural or a short name, case-insensitive; "gitopsml" and "all" mean every kind.</summary>
public static class KindNames
{
    public const string Category = "gitopsml";

    public static IReadOnlyList<KindRegistry.KindInfo>? Resolve(string name)
    {
        if (name.Equals(Category, StringComparison.OrdinalIgnoreCase) || name.Equals("all", StringComparison.OrdinalIgnoreCase))
            return KindRegistry.All;
        var kind = FieldLookup.FindKind(name, KindRegistry.All);
        return kind is null ? null : [kind];
    }

    public static string Known() =>
        string.Join(", ", KindRegistry.All.Select(k => $"{k.Kind} ({string.Join("/", new[] { k.Plural }.Concat(k.Names.ShortNames))})"));
}
