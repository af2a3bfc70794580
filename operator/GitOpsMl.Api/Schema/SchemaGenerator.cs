using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Schema;

/// <summary>Derives the OpenAPI v3 schema of a kind from its attributed C# record types.</summary>
public static class SchemaGenerator
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The whole object schema of a kind: apiVersion, kind, metadata, spec, status.</summary>
    public static SchemaNode ForKind(Type kindType)
    {
        var spec = kindType.GetProperty("Spec") ?? throw new ArgumentException($"{kindType.Name} has no Spec");
        var status = kindType.GetProperty("Status") ?? throw new ArgumentException($"{kindType.Name} has no Status");
        var props = new Dictionary<string, SchemaNode>
        {
            ["apiVersion"] = new() { Type = "string", Description = "APIVersion of this object: " + ApiGroup.ApiVersion + "." },
            ["kind"] = new() { Type = "string", Description = "Kind of this object." },
            ["metadata"] = new() { Type = "object" },
            ["spec"] = ForType(spec.PropertyType) with { Description = DescriptionOf(kindType) },
            ["status"] = ForType(status.PropertyType) with { Description = "Observed state, written by the operator through the status subresource." },
        };
        return new SchemaNode { Type = "object", Properties = props, Required = ["spec"], ClrType = kindType };
    }

    public static SchemaNode ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return new() { Type = "string" };
        if (type == typeof(bool)) return new() { Type = "boolean" };
        if (type == typeof(int)) return new() { Type = "integer", Format = "int32" };
        if (type == typeof(long)) return new() { Type = "integer", Format = "int64" };
        if (type == typeof(double)) return new() { Type = "number", Format = "double" };
        if (type == typeof(DateTimeOffset)) return new() { Type = "string", Format = "date-time" };
        if (type.IsEnum) return new() { Type = "string", Enum = EnumValues(type), Description = DescriptionOf(type) };
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            return new() { Type = "object", AdditionalProperties = ForType(type.GetGenericArguments()[1]) };
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return new() { Type = "array", Items = ForType(type.GetGenericArguments()[0]) };
        if (typeof(IEnumerable).IsAssignableFrom(type))
            throw new NotSupportedException($"collection type {type} is not supported in the API");
        return ForObject(type);
    }

    private static SchemaNode ForObject(Type type)
    {
        var props = new Dictionary<string, SchemaNode>();
        var required = new List<string>();
        foreach (var p in SerializedProperties(type))
        {
            var name = JsonName(p);
            var node = ApplyAttributes(ForType(p.PropertyType), p);
            props[name] = node;
            if (p.GetCustomAttribute<RequiredAttribute>() is not null) required.Add(name);
        }
        return new SchemaNode
        {
            Type = "object",
            Properties = props,
            Required = required,
            Description = DescriptionOf(type),
            Rules = RulesOf(type),
            ClrType = type,
        };
    }

    /// <summary>Public init-able properties, in declaration order (base type first), as System.Text.Json sees them.</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Push(t);
        foreach (var t in chain)
        {
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .OrderBy(p => p.MetadataToken))
            {
                if (p.SetMethod is null || p.GetIndexParameters().Length > 0) continue;
                if (p.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
                if (p.Name == "EqualityContract") continue;
                yield return p;
            }
        }
    }

    public static string JsonName(PropertyInfo p) =>
        p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);

    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(ApiNames.Of)
            .ToList();

    private static SchemaNode ApplyAttributes(SchemaNode node, PropertyInfo p)
    {
        foreach (var a in p.GetCustomAttributes())
        {
            node = a switch
            {
                DescriptionAttribute d => node with { Description = d.Text },
                MinimumAttribute m => node with { Minimum = m.Value, ExclusiveMinimum = m.Exclusive },
                MaximumAttribute m => node with { Maximum = m.Value, ExclusiveMaximum = m.Exclusive },
                PatternAttribute pa => node with { Pattern = pa.Regex, PatternExpected = pa.Expected },
                DefaultAttribute d => node with { Default = d.Value },
                MinItemsAttribute m => node with { MinItems = m.Value },
                MaxItemsAttribute m => node with { MaxItems = m.Value },
                MinLengthAttribute m => node with { MinLength = m.Value },
                MaxLengthAttribute m => node with { MaxLength = m.Value },
                UniqueItemsAttribute => node with { ListType = "set" },
                ItemMaxLengthAttribute m => node with { Items = node.Items! with { MaxLength = m.Value } },
                ListMapKeyAttribute k => node with { ListType = "map", ListMapKeys = [k.Key] },
                PreserveUnknownFieldsAttribute => node with { PreserveUnknownFields = true },
                _ => node,
            };
        }
        return node;
    }

    private static string? DescriptionOf(MemberInfo m) => m.GetCustomAttribute<DescriptionAttribute>()?.Text;

    private static IReadOnlyList<SchemaRule> RulesOf(Type type)
    {
        var iface = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasCelRules<>));
        if (iface is null) return [];
        var list = (IEnumerable)type.GetProperty("CelRules", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var rules = new List<SchemaRule>();
        foreach (var r in list)
        {
            var rt = r.GetType();
            var holds = (Delegate)rt.GetProperty("Holds")!.GetValue(r)!;
            var explain = (Delegate?)rt.GetProperty("Explain")!.GetValue(r);
            rules.Add(new SchemaRule(
                (string)rt.GetProperty("Rule")!.GetValue(r)!,
                (string)rt.GetProperty("Message")!.GetValue(r)!,
                (string?)rt.GetProperty("FieldPath")!.GetValue(r),
                o => (bool)holds.DynamicInvoke(o)!)
            {
                Explain = explain is null ? null : o => (IEnumerable<CelViolation>)explain.DynamicInvoke(o)!,
                MessageExpression = (string?)rt.GetProperty("MessageExpression")!.GetValue(r),
            });
        }
        return rules;
    }
}
