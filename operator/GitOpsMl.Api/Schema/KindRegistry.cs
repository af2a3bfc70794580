using System.Reflection;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Schema;

/// <summary>Every kind of the API, with its names and schema, built once.</summary>
public static class KindRegistry
{
    public sealed record KindInfo(Type ClrType, KindAttribute Names, IReadOnlyList<PrinterColumnAttribute> Columns, string? Description)
    {
        public string Kind => Names.Kind;
        public string Plural => Names.Plural;
        public string Singular => Names.Kind.ToLowerInvariant();
        public SchemaNode Schema => _schema.Value;

        /// <summary>Every name the kind answers to: the kind, its singular and plural, its short names.</summary>
        public IEnumerable<string> AllNames => new[] { Kind, Plural, Singular }.Concat(Names.ShortNames);

        /// <summary>kubectl's resolution: any of <see cref="AllNames"/>, in any case.</summary>
        public bool Answers(string name) => AllNames.Contains(name, StringComparer.OrdinalIgnoreCase);
        private readonly Lazy<SchemaNode> _schema = new(() => SchemaGenerator.ForKind(ClrType));
    }

    public static IReadOnlyList<KindInfo> All { get; } =
    [
        Describe<Dataset>(), Describe<FeatureSet>(), Describe<TrainingJob>(), Describe<Model>(),
        Describe<ModelVersion>(), Describe<Deployment>(), Describe<Kinds.Monitor>(), Describe<GitSource>(),
    ];

    public static KindInfo? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    /// <summary>The kind name of a CLR type, from its [Kind] attribute: the one spelling of "Dataset", "Model"...</summary>
    public static string KindOf<T>() where T : CustomResource => KindName<T>.Value;

    private static class KindName<T> where T : CustomResource
    {
        public static readonly string Value = typeof(T).GetCustomAttribute<KindAttribute>()?.Kind
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [Kind] attribute");
    }

    private static KindInfo Describe<T>() where T : CustomResource
    {
        var t = typeof(T);
        return new KindInfo(t, t.GetCustomAttribute<KindAttribute>()!,
            t.GetCustomAttributes<PrinterColumnAttribute>().OrderBy(c => c.Order).ToList(),
            t.GetCustomAttribute<DescriptionAttribute>()?.Text);
    }
}
