namespace GitOpsMl.Serving.Routing;

/// <summary>The parsed routing file: model name → rule. Immutable; a reload swaps the whole table.</summary>
public sealed record RoutingTable(IReadOnlyDictionary<string, RoutingRule> Models)
{
    public static RoutingTable Empty { get; } = new(new Dictionary<string, RoutingRule>());

    public RoutingRule? For(string model) => Models.GetValueOrDefault(model);
}
