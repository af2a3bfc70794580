namespace GitOpsMl.Api.Schema;

/// <summary>
/// One field of a kind's schema with its dotted path as the reference shows it: list items are
/// written <c>[]</c> (<c>spec.schema[].name</c>) and map values <c>&lt;key&gt;</c>.
/// </summary>
public sealed record SchemaField(string Path, string Name, SchemaNode Node, bool Required);
