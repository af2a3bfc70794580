using YamlDotNet.Core;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Turns what YamlDotNet throws into a message for the user: its own <see cref="YamlException"/>s, cleaned
/// of the position (reported separately) and given a hint where a common mistake causes them, and the plain
/// .NET exceptions YamlDotNet 18 throws for some malformed input.
/// </summary>
internal static class ParserErrorText
{
    private static readonly string BareInvalidOperationMessage = new InvalidOperationException().Message;

    public static (string Message, ManifestLoadErrorKind Kind) Describe(Exception exception) => exception switch
    {
        YamlException yaml => (CleanYamlMessage(yaml.Message), ManifestLoadErrorKind.Syntax),

        // A plain scalar inside [...] or {...} continues on a line indented no deeper than the enclosing
        // block: typically a flow collection that was never closed. Thrown without message or position.
        InvalidOperationException when exception.Message == BareInvalidOperationMessage =>
            ("invalid YAML: a '[...]' or '{...}' continues on a line that is not indented more than the key it belongs to; expected a closing ']' or '}' before it",
             ManifestLoadErrorKind.Syntax),

        // A malformed tag such as "!!s]", rejected by YamlDotNet's TagName constructor.
        ArgumentException when exception.Message.Contains("tag", StringComparison.OrdinalIgnoreCase) =>
            ($"invalid YAML: malformed tag ({CleanExceptionMessage(exception)}); expected no tag or one of {CoreTags.List}",
             ManifestLoadErrorKind.Syntax),

        // For example "The scanner should contain no more tokens." for two bare "..." lines, which is valid YAML.
        _ => ($"the YAML parser failed here ({exception.GetType().Name}: {CleanExceptionMessage(exception)})",
              ManifestLoadErrorKind.ParserFailure),
    };

    public static string CleanYamlMessage(string yamlMessage)
    {
        string message = yamlMessage.Trim();

        // Some YamlDotNet messages start with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is reported separately.
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            int colon = message.IndexOf("): ", StringComparison.Ordinal);
            int second = colon < 0 ? -1 : message.IndexOf("): ", colon + 3, StringComparison.Ordinal);
            int cut = second >= 0 ? second : colon;
            if (cut >= 0)
            {
                message = message[(cut + 3)..];
            }
        }

        message = message.TrimEnd('.');
        if (message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1]))
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }

        string? hint = message switch
        {
            _ when message.Contains(" tab ", StringComparison.Ordinal) => "indent with spaces; YAML does not allow tabs in indentation",
            _ when message.Contains("invalid mapping", StringComparison.Ordinal)
                || message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase) =>
                "a ': ' inside an unquoted value, or a wrongly indented key? quote the value or fix the indentation",
            _ when message.Contains("did not find expected key", StringComparison.Ordinal)
                || message.Contains("did not find expected '-'", StringComparison.Ordinal) => "check the indentation of this line",
            _ when message.Contains("cannot start any token", StringComparison.Ordinal) => "'@' and '`' cannot start a plain value; quote it",
            _ when message.Contains("tag handle", StringComparison.Ordinal) => $"custom tags are not supported; expected no tag or one of {CoreTags.List}",
            _ => null,
        };
        return hint is null ? $"invalid YAML: {message}" : $"invalid YAML: {message} ({hint})";
    }

    public static string CleanExceptionMessage(Exception exception)
    {
        string message = exception.Message;
        if (exception is ArgumentException { ParamName: { } param })
        {
            message = message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal);
        }

        return message.Trim().TrimEnd('.');
    }
}
