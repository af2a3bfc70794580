using System.Text;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Tests;

/// <summary>Builders for the specs and files the tests use, so each test shows only what matters to it.</summary>
internal static class Specs
{
    public static ColumnSpec Col(string name, ColumnType type, ColumnRole? role = null) => new() { Name = name, Type = type, Role = role };

    public static DatasetSpec Dataset(params ColumnSpec[] columns) => new() { Source = new DatasetSource { Path = "data.csv" }, Schema = [.. columns] };

    /// <summary>Sequence equality for nullable strings (xunit's span overload rejects string?).</summary>
    public static void Strings(IEnumerable<string?> expected, IEnumerable<string?> actual) => Assert.Equal(expected, actual);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static TransformSpec T(TransformType type) => new() { Type = type };

    public static FeatureSetSpec FeatureSet(string label, params FeatureSpec[] features) =>
        new() { Label = new LabelSpec { Column = label, Task = PredictionTask.Binary }, Features = [.. features] };

    public static FeatureSpec Feature(string column, params TransformSpec[] transforms) =>
        new() { Column = column, Transforms = transforms.Length == 0 ? null : [.. transforms] };
}
