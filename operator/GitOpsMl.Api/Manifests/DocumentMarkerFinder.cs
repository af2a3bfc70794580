namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Finds where the parser can start again after a syntax error: the next line that starts with the document
/// marker <c>---</c>. YAML forbids such a line inside any scalar, so it always starts a new document.
/// </summary>
internal static class DocumentMarkerFinder
{
    /// <summary>
    /// The first marker line at or after the error's line and no earlier than <paramref name="minLine"/>;
    /// false when there is none, or when <paramref name="errorIndex"/> and <paramref name="error"/> do not
    /// agree on where the error's line starts (then no position in the text can be trusted).
    /// </summary>
    public static bool TryFind(string text, long errorIndex, SourceMark error, int minLine, out int markerIndex, out int markerLine)
    {
        markerIndex = 0;
        markerLine = 0;
        if (errorIndex < 0 || errorIndex > text.Length)
        {
            return false;
        }

        // The start of the error's line: the parser's column counts UTF-16 code units, as we do.
        int lineStart = (int)errorIndex - (error.Column - 1);
        if (lineStart < 0 || (lineStart > 0 && !IsLineBreak(text[lineStart - 1])))
        {
            return false;
        }

        int line = error.Line;
        while (true)
        {
            if (line >= minLine && IsMarkerLine(text, lineStart))
            {
                markerIndex = lineStart;
                markerLine = line;
                return true;
            }

            int next = text.AsSpan(lineStart).IndexOfAny(ManifestText.LineBreaks);
            if (next < 0)
            {
                return false;
            }

            lineStart += next;
            lineStart += text[lineStart] == '\r' && lineStart + 1 < text.Length && text[lineStart + 1] == '\n' ? 2 : 1;
            line++;
        }
    }

    /// <summary>Whether the line at <paramref name="lineStart"/> is a document marker: <c>---</c> alone or followed by a space or tab.</summary>
    public static bool IsMarkerLine(string text, int lineStart) =>
        text.AsSpan(lineStart).StartsWith("---", StringComparison.Ordinal)
        && (lineStart + 3 == text.Length || text[lineStart + 3] is ' ' or '\t' || IsLineBreak(text[lineStart + 3]));

    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
}
