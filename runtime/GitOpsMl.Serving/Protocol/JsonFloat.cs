using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>Writes FP32 values exactly (shortest round-trip form); NaN and infinities, which JSON lacks, as "NaN"/"Infinity"/"-Infinity".</summary>
public static class JsonFloat
{
    public static void Write(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
