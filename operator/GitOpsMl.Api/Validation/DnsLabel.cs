using System.Text.RegularExpressions;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Validation;

/// <summary>RFC 1123 labels: object names here become Service and Deployment names, which require them.</summary>
public static partial class DnsLabel
{
    [GeneratedRegex(Patterns.Dns1123Label)]
    private static partial Regex Label();

    public static bool IsValid(string name) => name.Length is > 0 and <= 63 && Label().IsMatch(name);
}
