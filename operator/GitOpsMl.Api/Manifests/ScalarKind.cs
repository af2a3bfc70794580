namespace GitOpsMl.Api.Manifests;

/// <summary>
/// The type of a scalar, resolved by the YAML 1.2 core schema for plain (unquoted) scalars.
/// Quoted and block scalars are always <see cref="String"/> unless an explicit core tag says otherwise.
/// </summary>
public enum ScalarKind
{
    String,
    Int,
    Float,
    Bool,
    Null,
}
