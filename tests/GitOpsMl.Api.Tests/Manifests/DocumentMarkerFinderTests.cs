using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Tests.Manifests;

public class DocumentMarkerFinderTests
{
    [Theory]
    [InlineData("---", true)]
    [InlineData("--- a: 1", true)]
    [InlineData("---\t", true)]
    [InlineData("---\n", true)]
    [InlineData("---\u2028", true)]
    [InlineData("----", false)]
    [InlineData("---a", false)]
    [InlineData(" ---", false)]
    [InlineData("--", false)]
    public void A_marker_line_is_three_dashes_alone_or_before_a_separator(string line, bool expected) =>
        Assert.Equal(expected, DocumentMarkerFinder.IsMarkerLine(line, 0));

    [Theory]
    // text, error line/column/index, minLine → marker line, or 0 for none.
    [InlineData("a: [\n---\nb: 1\n", 1, 4, 3, 1, 2)]
    [InlineData("a: [\n---\nb: 1\n", 1, 4, 3, 3, 0)]
    [InlineData("---\na: [\n---x\n--- \n", 2, 1, 4, 2, 4)]
    [InlineData("a: [\r\nb\r\n---\r\n", 1, 1, 0, 1, 3)]
    [InlineData("a: [\u0085---\n", 1, 1, 0, 1, 2)]
    // The index and column disagree on where the error's line starts: no position can be trusted.
    [InlineData("a: [\n---\n", 1, 3, 3, 1, 0)]
    [InlineData("a: [\n---\n", 1, 1, 99, 1, 0)]
    public void The_parser_restarts_at_the_first_marker_line_from_the_error_on(
        string text, int errorLine, int errorColumn, long errorIndex, int minLine, int expectedLine)
    {
        bool found = DocumentMarkerFinder.TryFind(text, errorIndex, new SourceMark(errorLine, errorColumn), minLine, out int index, out int line);

        Assert.Equal(expectedLine != 0, found);
        Assert.Equal(expectedLine, line);
        if (found)
        {
            Assert.True(DocumentMarkerFinder.IsMarkerLine(text, index));
        }
    }
}
