using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Schema;

/// <summary>
/// Resolves `KIND[.field.path]` as kubectl explain does: the kind by its name, plural, singular or
/// a short name, case-insensitively; then field names exactly, stepping through lists (a segment
/// may end in [] or [N]) and maps (any key names a value).
/// </summary>
public static class FieldLookup
{
    public static FieldLookupResult Resolve(string query) => Resolve(query, KindRegistry.All);

    public static FieldLookupResult Resolve(string query, IReadOnlyList<KindRegistry.KindInfo> kinds)
    {
        var segments = query.Trim().Split('.');
        var kindName = segments[0];
        var kind = FindKind(kindName, kinds) ?? throw new FieldLookupException(
            $"unknown kind \"{kindName}\"; kinds: " +
            string.Join(", ", kinds.Select(k => $"{k.Kind} ({string.Join(", ", new[] { k.Plural }.Concat(k.Names.ShortNames))})")) +
            Suggestions.DidYouMean(kindName, kinds.SelectMany(k => k.AllNames)));
        if (segments.Length == 1) return new FieldLookupResult(kind, null, []);

        var node = kind.Schema;
        var path = "";
        var required = false;
        foreach (var raw in segments.Skip(1))
        {
            var name = StripIndex(raw);
            if (name.Length == 0)
                throw new FieldLookupException($"\"{query}\" has an empty field name; write KIND.field.path, e.g. {kind.Kind.ToLowerInvariant()}.spec");
            var here = path.Length == 0 ? kind.Kind : path;
            if (SchemaFields.Container(node) is not { Properties: { } props } container)
            {
                if (node.AdditionalProperties is { } value)
                {
                    // A map of scalars: any key names one value.
                    (node, path, required) = (value, path + "." + name, false);
                    continue;
                }
                throw new FieldLookupException($"{kind.Kind} field {here} is a {SchemaWords.Type(node)} and has no fields; \"{name}\" cannot follow it");
            }
            var prefix = path + SchemaFields.ContainerSuffix(node);
            if (!props.TryGetValue(name, out var child))
            {
                throw new FieldLookupException(
                    $"{kind.Kind} has no field \"{name}\" in {here}; fields of {here}: {string.Join(", ", props.Keys)}{Suggestions.DidYouMean(name, props.Keys)}");
            }
            (node, path, required) = (child, prefix.Length == 0 ? name : prefix + "." + name, container.Required.Contains(name));
        }

        var field = new SchemaField(path, path[(path.LastIndexOf('.') + 1)..], node, required);
        // The rules of the field's own object, and those of its parents that are reported against it.
        var own = path + SchemaFields.ContainerSuffix(node);
        var rules = SchemaFields.Rules(kind.Schema, "").Where(r => r.OwnerPath == own || r.TargetPath == path).ToList();
        return new FieldLookupResult(kind, field, rules);
    }

    public static KindRegistry.KindInfo? FindKind(string name, IReadOnlyList<KindRegistry.KindInfo> kinds) =>
        kinds.FirstOrDefault(k => k.Answers(name));

    private static string StripIndex(string segment)
    {
        var bracket = segment.IndexOf('[');
        return bracket >= 0 && segment.EndsWith(']') ? segment[..bracket] : segment;
    }
}
