using System.Text;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Schema;

/// <summary>`gitopsml explain` text, shaped like kubectl explain's: the kind, the field, its words, its fields, its rules.</summary>
public static class ExplainWriter
{
    private const string Indent = "    ";

    public static string Write(FieldLookupResult result)
    {
        var kind = result.Kind;
        var node = result.Node;
        var text = new StringBuilder();
        text.Append($"KIND:     {kind.Kind}\n");
        text.Append($"VERSION:  {ApiGroup.ApiVersion}\n");
        text.Append($"NAMES:    {string.Join(", ", new[] { kind.Plural }.Concat(kind.Names.ShortNames))}\n");
        if (result.Field is { } field)
            text.Append($"\nFIELD:    {field.Path} <{SchemaWords.Type(node)}>{(field.Required ? " -required-" : "")}\n");

        var description = result.Field is null ? kind.Description : node.Description;
        text.Append("\nDESCRIPTION:\n").Append(Indent).Append(description ?? "<empty>").Append('\n');
        foreach (var line in Details(node)) text.Append('\n').Append(line.Label).Append(":\n").Append(Indent).Append(line.Text).Append('\n');

        var path = result.Field?.Path ?? "";
        var children = SchemaFields.Children(node, path).ToList();
        if (children.Count > 0)
        {
            text.Append("\nFIELDS:\n");
            foreach (var child in children)
            {
                text.Append($"  {child.Name}\t<{SchemaWords.Type(child.Node)}>{(child.Required ? " -required-" : "")}\n");
                text.Append(Indent).Append(child.Node.Description ?? "<empty>").Append('\n');
                var facts = Details(child.Node).Select(d => $"{Capitalized(d.Label)}: {d.Text}.").ToList();
                if (facts.Count > 0) text.Append(Indent).Append(string.Join(" ", facts)).Append('\n');
                text.Append('\n');
            }
        }
        if (result.Rules.Count > 0)
        {
            text.Append(children.Count > 0 ? "RULES:\n" : "\nRULES:\n");
            foreach (var r in result.Rules)
            {
                var at = r.TargetPath == path ? "" : $" (reported at {r.TargetPath})";
                var owner = r.OwnerPath == path + SchemaFields.ContainerSuffix(result.Node) ? "" : $" [rule of {r.OwnerPath}]";
                text.Append($"  - {r.Rule.Message}{at}{owner}\n");
            }
        }
        return text.ToString();
    }

    private static IEnumerable<(string Label, string Text)> Details(SchemaNode node)
    {
        if (SchemaWords.Default(node) is { } d) yield return ("DEFAULT", d);
        if (SchemaWords.AllowedValues(node) is { } values) yield return ("ALLOWED VALUES", string.Join(", ", values));
        if (SchemaWords.Constraints(node) is { Count: > 0 } constraints) yield return ("CONSTRAINTS", string.Join("; ", constraints));
    }

    private static string Capitalized(string label)
    {
        var l = label.ToLowerInvariant();
        return char.ToUpperInvariant(l[0]) + l[1..];
    }
}
