using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Common;

/// <summary>A reference to an object of a known kind in the same namespace.</summary>
public sealed record LocalObjectReference
{
    [Required, Pattern(Patterns.Dns1123Label, Patterns.Dns1123Expected), MaxLength(63)]
    [Description("Name of the referenced object in the same namespace.")]
    public string Name { get; init; } = "";
}
