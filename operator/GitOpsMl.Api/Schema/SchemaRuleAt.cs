namespace GitOpsMl.Api.Schema;

/// <summary>A CEL rule of the object at <paramref name="OwnerPath"/>, reported against <paramref name="TargetPath"/> (its fieldPath, or the object itself).</summary>
public sealed record SchemaRuleAt(string OwnerPath, string TargetPath, SchemaRule Rule);
