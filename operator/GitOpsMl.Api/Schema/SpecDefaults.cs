using System.Globalization;
using System.Reflection;

namespace GitOpsMl.Api.Schema;

/// <summary>
/// Reads the <see cref="DefaultAttribute"/> of an API property. Defaults live in the CRD schema and are never
/// written back into spec, so an omitted field reaches the trainer as null; taking the default from the same
/// attribute the CRD is generated from means the trainer cannot drift from what <c>kubectl explain</c> shows.
/// </summary>
public static class SpecDefaults
{
    public static T Of<T>(Type type, string property)
    {
        var info = type.GetProperty(property) ?? throw new InvalidOperationException($"{type.Name} has no property {property}.");
        var value = info.GetCustomAttribute<DefaultAttribute>()?.Value
                    ?? throw new InvalidOperationException($"{type.Name}.{property} declares no default.");
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum)
        {
            // Enum defaults are written as their camelCase JSON names ("adam", "leakyRelu").
            return (T)Enum.Parse(target, Convert.ToString(value, CultureInfo.InvariantCulture)!, ignoreCase: true);
        }
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}
