using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsMl.Api.Common;

/// <summary>The one JSON configuration of the API: camelCase fields and enum values, nulls omitted.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            AllowTrailingCommas = false,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Output goes to files, logs and terminals, never into HTML: keep quotes and non-ASCII readable.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
