namespace GitOpsMl.Api.Common;

/// <summary>Regular expressions shared by several fields, written once so CRD and validator agree.</summary>
public static class Patterns
{
    /// <summary>Go duration as Kubernetes and Flux accept it: 90s, 5m, 1h30m, 250ms.</summary>
    public const string Duration = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
    public const string DurationExpected = "a duration such as 30s, 5m or 1h30m";

    public const string Sha256 = "^[a-f0-9]{64}$";
    public const string Sha256Expected = "64 lowercase hexadecimal characters (a sha256 digest)";

    /// <summary>An http or https address with a host; spaces are refused (escape them as %20).</summary>
    public const string HttpUrl = "^https?://[^/?#\\s]+([/?#][^\\s]*)?$";
    public const string HttpUrlExpected = "an http or https URL such as https://example.com/data/trips.parquet";

    /// <summary>RFC 1123 label (DNS-1123), the rule for object names in this API.</summary>
    public const string Dns1123Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string Dns1123Expected = "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

    /// <summary>Kubernetes resource quantity (500m, 2, 4Gi).</summary>
    public const string Quantity = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    public const string QuantityExpected = "a Kubernetes quantity such as 500m, 2 or 4Gi";
}
