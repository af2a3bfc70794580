namespace GitOpsMl.Api.Schema;

/// <summary>
/// A validation rule local to one object: its CEL text goes into the CRD as
/// x-kubernetes-validations (so `kubectl apply` rejects a violation), and <see cref="Holds"/>
/// is the same rule in C#, so `gitopsml validate` rejects it offline. A test checks that each
/// pair agrees on examples.
/// </summary>
public sealed record CelRule<T>(string Rule, string Message, Func<T, bool> Holds)
{
    /// <summary>Relative JSON path of the field the error is reported against, e.g. ".steps".</summary>
    public string? FieldPath { get; init; }
}

/// <summary>Implemented by spec types that carry cross-field rules.</summary>
public interface IHasCelRules<T> where T : IHasCelRules<T>
{
    static abstract IReadOnlyList<CelRule<T>> CelRules { get; }
}
