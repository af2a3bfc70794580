using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsMl.Api.Common;

/// <summary>
/// The one way an enum value is spelled in YAML, JSON, messages and lineage: its
/// <see cref="JsonStringEnumMemberNameAttribute"/> when it has one (<c>AdamW</c> → <c>adamw</c>),
/// otherwise camelCase (<c>MostFrequent</c> → <c>mostFrequent</c>) — exactly what <see cref="ApiJson"/>
/// writes and the CRD schema's enum lists.
/// </summary>
public static class ApiNames
{
    private static readonly ConcurrentDictionary<(Type, string), string> Cache = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache.GetOrAdd((typeof(TEnum), value.ToString()), static key => NameOf(key.Item1, key.Item2));

    /// <summary>The name of field <paramref name="member"/> of an enum type; what the schema generator lists.</summary>
    public static string Of(FieldInfo member) =>
        member.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member.Name);

    private static string NameOf(Type type, string member) =>
        type.GetField(member, BindingFlags.Public | BindingFlags.Static) is { } field
            ? Of(field)
            : throw new ArgumentOutOfRangeException(nameof(member), member, $"{member} is not a named value of {type.Name}");
}
