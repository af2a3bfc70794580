namespace GitOpsMl.Api.Schema;

/// <summary>
/// What `gitopsml explain` found: a kind, and (unless the whole kind was asked for) one field of it
/// with the rules that are reported against it, its own and its parents'.
/// </summary>
public sealed record FieldLookupResult(KindRegistry.KindInfo Kind, SchemaField? Field, IReadOnlyList<SchemaRuleAt> Rules)
{
    /// <summary>The node described: the field's, or the whole object's.</summary>
    public SchemaNode Node => Field?.Node ?? Kind.Schema;
}
