namespace GitOpsMl.Controllers.Planning;

/// <summary>How a model version number reads in statuses and printer columns: "v3".</summary>
public static class VersionNames
{
    public static string Of(int version) => $"v{version}";

    public static int? Parse(string? text) =>
        text is { Length: > 1 } && text[0] == 'v' && int.TryParse(text.AsSpan(1), out var n) ? n : null;
}
