using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Common;

/// <summary>One spelling of every enum value: what the YAML says, the JSON writes and the CRD lists.</summary>
public class ApiNamesTests
{
    [Fact]
    public void Names_honour_the_json_member_name_and_are_camel_case_otherwise()
    {
        Assert.Equal("adamw", ApiNames.Of(OptimizerKind.AdamW));
        Assert.Equal("mostFrequent", ApiNames.Of(ImputeStrategy.MostFrequent));
        Assert.Equal("oneHot", ApiNames.Of(TransformType.OneHot));
        Assert.Equal("True", ApiNames.Of(ConditionStatus.True));
    }

    public static TheoryData<Type> ApiEnums => new(typeof(ApiNames).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).OrderBy(t => t.Name));

    [Theory]
    [MemberData(nameof(ApiEnums))]
    public void Every_value_of_every_api_enum_is_named_as_json_writes_it_and_the_schema_lists_it(Type enumType)
    {
        var of = typeof(ApiNames).GetMethods().Single(m => m.Name == nameof(ApiNames.Of) && m.IsGenericMethod).MakeGenericMethod(enumType);
        var names = Enum.GetValues(enumType).Cast<object>().Select(v => (string)of.Invoke(null, [v])!).ToList();
        var json = Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, ApiJson.Options).Trim('"')).ToList();
        Assert.Equal(json, names);
        Assert.Equal(SchemaGenerator.EnumValues(enumType), names);
    }
}
