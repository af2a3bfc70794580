using System.Text.Json;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Quality;

/// <summary>Turns a JSON label into a class index (classifiers) or a value (regression); pure.</summary>
public static class LabelReader
{
    public static bool TryRead(ModelSchema schema, JsonElement label, out double value, out string expected)
    {
        value = double.NaN;
        if (!schema.IsClassifier)
        {
            expected = "a number";
            if (label.ValueKind == JsonValueKind.Number && label.TryGetDouble(out value) && double.IsFinite(value)) return true;
            return false;
        }
        expected = $"one of the classes: {string.Join(", ", schema.Classes)}";
        var text = label.ValueKind switch
        {
            JsonValueKind.String => label.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => label.GetRawText(),
            _ => null,
        };
        if (text is null) return false;
        for (var i = 0; i < schema.Classes.Count; i++)
        {
            if (schema.Classes[i] == text)
            {
                value = i;
                return true;
            }
        }
        return false;
    }
}
