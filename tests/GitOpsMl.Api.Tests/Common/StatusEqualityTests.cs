using System.Collections;
using System.Text.Json;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Tests.Common;

/// <summary>Statuses compare by value: a controller writes a status only when it differs from the one there.</summary>
public class StatusEqualityTests
{
    public static TheoryData<Type> StatusTypes => new(typeof(ResourceStatus).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ResourceStatus)) && !t.IsAbstract).OrderBy(t => t.Name));

    [Fact]
    public void Every_kind_has_a_status_type_here()
    {
        Assert.Equal(8, StatusTypes.Count);
    }

    [Theory]
    [MemberData(nameof(StatusTypes))]
    public void Two_identical_statuses_with_list_and_dictionary_fields_are_equal(Type type)
    {
        var a = Filled(type);
        var b = (ResourceStatus)JsonSerializer.Deserialize(JsonSerializer.Serialize(a, type, ApiJson.Options), type, ApiJson.Options)!;

        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(StatusTypes))]
    public void Statuses_that_differ_in_a_list_item_or_a_field_are_not_equal(Type type)
    {
        var a = Filled(type);
        var otherGeneration = a with { ObservedGeneration = 8 };
        var otherCondition = a with { Conditions = [a.Conditions![0] with { Reason = "Other" }] };

        Assert.NotEqual(a, otherGeneration);
        Assert.NotEqual(a, otherCondition);
    }

    [Fact]
    public void Dictionary_order_does_not_matter()
    {
        var a = new GitOpsMl.Api.Kinds.MonitorStatus { FeatureScores = new() { ["auc"] = 0.8, ["f1"] = 0.5 } };
        var b = new GitOpsMl.Api.Kinds.MonitorStatus { FeatureScores = new() { ["f1"] = 0.5, ["auc"] = 0.8 } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    /// <summary>An instance with every list and dictionary property holding one item, and a generation.</summary>
    private static ResourceStatus Filled(Type type)
    {
        var status = (ResourceStatus)Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties().Where(p => p.CanWrite))
        {
            var t = p.PropertyType;
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
            {
                var list = (IList)Activator.CreateInstance(t)!;
                list.Add(Sample(t.GetGenericArguments()[0]));
                p.SetValue(status, list);
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var map = (IDictionary)Activator.CreateInstance(t)!;
                map.Add("key", Sample(t.GetGenericArguments()[1]));
                p.SetValue(status, map);
            }
        }
        return status with { ObservedGeneration = 7, Conditions = [new Condition { Type = "Ready", Reason = "Done", Message = "ok" }] };
    }

    private static object? Sample(Type t) =>
        t == typeof(string) ? "value"
        : t == typeof(double) ? 0.5
        : t == typeof(long) ? 3L
        : t == typeof(int) ? 3
        : t.IsValueType ? Activator.CreateInstance(t)
        : Activator.CreateInstance(t);
}
