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

    /// <summary>
    /// Optional CEL string expression for the API server's message (x-kubernetes-validations
    /// messageExpression, Kubernetes 1.27+), so kubectl users read the same detail as <see cref="Explain"/>
    /// gives offline; GitOpsMl.Crds.Tests checks on a real server that the two agree. <see cref="Message"/>
    /// stays the fallback the server uses when the expression fails.
    /// </summary>
    public string? MessageExpression { get; init; }

    /// <summary>
    /// Optional, offline only: for an object that breaks the rule, which items break it and how, so
    /// `gitopsml validate` can point at the offending list item and name the values ("25 follows 50")
    /// where the CRD can only carry the static <see cref="Message"/>. Consulted only when
    /// <see cref="Holds"/> is false; when it yields nothing, the static message is reported.
    /// </summary>
    public Func<T, IEnumerable<CelViolation>>? Explain { get; init; }
}

/// <summary>One offending field of a broken rule: a path relative to the object (null: the rule's own <c>FieldPath</c>) and a precise message.</summary>
public sealed record CelViolation(string? FieldPath, string Message);

/// <summary>Implemented by spec types that carry cross-field rules.</summary>
public interface IHasCelRules<T> where T : IHasCelRules<T>
{
    static abstract IReadOnlyList<CelRule<T>> CelRules { get; }
}
