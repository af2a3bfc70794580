namespace GitOpsMl.Api.Schema;

/// <summary>Walks a schema tree in declaration order: the fields a reference lists and the rules each object carries.</summary>
public static class SchemaFields
{
    /// <summary>
    /// The node whose properties are the fields "under" <paramref name="node"/>: the node itself for
    /// an object, its item (or value) for a list (or map), recursively; null for scalars.
    /// </summary>
    public static SchemaNode? Container(SchemaNode node)
    {
        for (var n = node; ; )
        {
            if (n.Properties is { Count: > 0 }) return n;
            if (n.Items is { } items) n = items;
            else if (n.AdditionalProperties is { } values) n = values;
            else return null;
        }
    }

    /// <summary>The path suffix that leads from a node to its <see cref="Container"/>: "[]" per list level, ".&lt;key&gt;" per map level.</summary>
    public static string ContainerSuffix(SchemaNode node)
    {
        var suffix = "";
        for (var n = node; n.Properties is not { Count: > 0 }; )
        {
            if (n.Items is { } items) { suffix += "[]"; n = items; }
            else if (n.AdditionalProperties is { } values) { suffix += ".<key>"; n = values; }
            else
            {
                break;
            }
        }
        return suffix;
    }

    /// <summary>The direct fields under <paramref name="node"/> (through lists and maps), with paths under <paramref name="path"/>.</summary>
    public static IEnumerable<SchemaField> Children(SchemaNode node, string path)
    {
        if (Container(node) is not { Properties: { } props } container) yield break;
        var prefix = path + ContainerSuffix(node);
        foreach (var (name, child) in props)
            yield return new SchemaField(Join(prefix, name), name, child, container.Required.Contains(name));
    }

    /// <summary>Every field under <paramref name="node"/>, depth first, each before its own fields.</summary>
    public static IEnumerable<SchemaField> Walk(SchemaNode node, string path)
    {
        foreach (var field in Children(node, path))
        {
            yield return field;
            foreach (var nested in Walk(field.Node, field.Path)) yield return nested;
        }
    }

    /// <summary>Every CEL rule at or under <paramref name="node"/>, with the object that owns it and the field it is reported against.</summary>
    public static IEnumerable<SchemaRuleAt> Rules(SchemaNode node, string path)
    {
        foreach (var rule in RulesOf(node, path)) yield return rule;
        foreach (var field in Walk(node, path))
        {
            foreach (var rule in RulesOf(field.Node, field.Path))
                yield return rule;
        }
    }

    private static IEnumerable<SchemaRuleAt> RulesOf(SchemaNode node, string path)
    {
        if (Container(node) is not { } container) yield break;
        var owner = path + ContainerSuffix(node);
        foreach (var rule in container.Rules)
            yield return new SchemaRuleAt(owner, rule.FieldPath is { } f ? owner + f : owner, rule);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
