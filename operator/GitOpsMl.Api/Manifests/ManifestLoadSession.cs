using GitOpsMl.Api.Common;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Loads one file's text: drives YamlDotNet's event <see cref="Parser"/> (never its representation model,
/// which would expand aliases without limit) and builds the node trees itself, with an explicit stack of
/// open collections, so that nesting depth, node count and alias expansion are all counted and bounded.
/// After a syntax error it restarts the parser at the next <c>---</c> line, so that one broken document
/// does not hide the problems of the next ones.
/// </summary>
internal sealed class ManifestLoadSession
{
    private readonly string _text;
    private readonly ManifestLoadLimits _limits;
    private readonly List<LoadedDocument> _documents = [];
    private readonly List<ManifestLoadError> _errors = [];
    private readonly OpenCollectionStack _open = new();
    private readonly Dictionary<string, AnchorInfo> _anchors = new(StringComparer.Ordinal);

    // Whole file.
    private long _nodeCount;
    private int _documentCount;
    private bool _stopped;

    // Current parser run: chunk line N is file line N + _lineOffset.
    private int _lineOffset;

    // Current document.
    private bool _inDocument;
    private int _documentIndex;
    private bool _documentFailed;
    private SourceMark _documentStart;
    private ManifestNode? _root;

    public ManifestLoadSession(string text, ManifestLoadLimits limits)
    {
        _text = text;
        _limits = limits;
    }

    public ManifestLoadResult Run(string fileName)
    {
        int chunkStart = 0;
        int chunkStartLine = 1;
        SourceMark? previousSyntaxError = null;
        while (true)
        {
            _lineOffset = chunkStartLine - 1;
            var failure = ParseChunk(chunkStart);
            if (failure is not { } syntax || _stopped)
            {
                break;
            }

            if (previousSyntaxError == syntax.Mark)
            {
                // The restarted parser failed at the same place again; the document it began there was counted already.
                if (_inDocument)
                {
                    _documentCount--;
                }
            }
            else
            {
                int documentIndex = _inDocument ? _documentIndex : _documentCount++;
                AddError(syntax.Mark, syntax.Message, syntax.Kind, documentIndex);
            }

            previousSyntaxError = syntax.Mark;
            int minLine = Math.Max(syntax.Mark.Line, chunkStartLine + 1);
            if (_inDocument)
            {
                minLine = Math.Max(minLine, _documentStart.Line + 1);
            }

            _inDocument = false;
            _open.Clear();
            if (_stopped || !DocumentMarkerFinder.TryFind(_text, syntax.Index, syntax.Mark, minLine, out chunkStart, out chunkStartLine))
            {
                break;
            }
        }

        return new ManifestLoadResult(fileName, _documents, _errors);
    }

    /// <summary>Runs a parser from <paramref name="start"/> to the end; returns the syntax error that stopped it, if one did.</summary>
    private SyntaxFailure? ParseChunk(int start)
    {
        var scanner = new Scanner(new StringSliceReader(_text, start), skipComments: true);
        var parser = new Parser(scanner);
        while (!_stopped)
        {
            bool more;
            try
            {
                more = parser.MoveNext();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var failure = ParserFailed(ex, scanner, start);
                return failure with { Mark = failure.Mark with { Line = failure.Mark.Line + _lineOffset } };
            }

            if (!more)
            {
                break;
            }

            Handle(parser.Current!);
        }

        return null;
    }

    /// <summary>
    /// Turns an exception from YamlDotNet into an error to report and recover from. Besides its
    /// <see cref="YamlException"/>s, YamlDotNet 18 throws plain .NET exceptions for some malformed input;
    /// those carry no position, so the scanner's is used.
    /// </summary>
    private static SyntaxFailure ParserFailed(Exception exception, Scanner scanner, int start)
    {
        var (message, kind) = ParserErrorText.Describe(exception);
        if (exception is YamlException yaml)
        {
            return new SyntaxFailure(ToChunkMark(yaml.Start), start + yaml.Start.Index, message, kind);
        }

        var position = scanner.CurrentPosition;
        return new SyntaxFailure(ToChunkMark(position), start + position.Index, message, kind);
    }

    private void Handle(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart:
                BeginDocument(ToMark(e.Start));
                break;
            case DocumentEnd:
                EndDocument();
                break;
            case Scalar scalar:
                OnScalar(scalar);
                break;
            case AnchorAlias alias:
                OnAlias(alias);
                break;
            case MappingStart mappingStart:
                OnCollectionStart(mappingStart, isMapping: true);
                break;
            case SequenceStart sequenceStart:
                OnCollectionStart(sequenceStart, isMapping: false);
                break;
            case MappingEnd or SequenceEnd:
                OnCollectionEnd();
                break;
        }
    }

    private void BeginDocument(SourceMark start)
    {
        if (_documentCount >= _limits.MaxDocuments)
        {
            Fatal(start, $"the file has more than {_limits.MaxDocuments} YAML documents (the limit); split it", ManifestLoadErrorKind.DocumentLimit);
            return;
        }

        _inDocument = true;
        _documentIndex = _documentCount++;
        _documentFailed = false;
        _documentStart = start;
        _root = null;
        _open.Clear();
        _anchors.Clear();
    }

    private void EndDocument()
    {
        if (_inDocument && !_documentFailed)
        {
            _documents.Add(new LoadedDocument(_documentIndex, _root, _documentStart));
        }

        _inDocument = false;
        _root = null;
        _anchors.Clear();
    }

    private void OnScalar(Scalar e)
    {
        var mark = ToMark(e.Start);
        if (!CountNodes(1, mark, alias: null))
        {
            return;
        }

        string value = e.Value;
        if (value.Length > _limits.MaxScalarLength)
        {
            DocumentError(
                mark,
                string.Create(CultureInfo.InvariantCulture, $"scalar is {value.Length} characters long, more than the limit of {_limits.MaxScalarLength}"),
                ManifestLoadErrorKind.ScalarTooLong);
        }

        bool untagged = e.Tag.IsEmpty;
        if (_open.Depth == 0 && value.Length == 0 && untagged && e.Anchor.IsEmpty && e.Style == ScalarStyle.Plain)
        {
            // An empty document: YamlDotNet reports it as an empty plain scalar.
            _root = null;
            return;
        }

        ManifestLoadError? tagProblem = null;
        var kind = untagged
            ? (e.Style == ScalarStyle.Plain ? CoreSchema.Resolve(value) : ScalarKind.String)
            : CoreTags.ResolveScalar(e.Tag.Value, value, mark, out tagProblem);
        if (tagProblem is not null)
        {
            DocumentError(tagProblem);
        }

        var node = new ScalarNode(mark, value, kind) { IsPlain = untagged && e.Style == ScalarStyle.Plain };
        bool isMergeKey = untagged && e.Style == ScalarStyle.Plain && value == "<<";
        Deliver(node, count: 1, height: 0, e.Anchor, isMergeKey);
    }

    private void OnAlias(AnchorAlias e)
    {
        var mark = ToMark(e.Start);
        string name = e.Value.Value;
        if (!_anchors.TryGetValue(name, out var anchor))
        {
            DocumentError(
                mark,
                $"alias *{UserText.Shorten(name)} does not refer to an anchor defined earlier in this document (expected '&{UserText.Shorten(name)}' before it; an anchor cannot refer to itself)",
                ManifestLoadErrorKind.UnknownAlias);
            if (CountNodes(1, mark, alias: null))
            {
                Deliver(new ScalarNode(mark, string.Empty, ScalarKind.Null), 1, 0, AnchorName.Empty, isMergeKey: false);
            }

            return;
        }

        if (!CountNodes(anchor.Count, mark, alias: name))
        {
            return;
        }

        if (_open.Depth + anchor.Height > _limits.MaxDepth)
        {
            DocumentError(
                mark,
                $"alias *{UserText.Shorten(name)} nests {_open.Depth + anchor.Height} levels deep here, more than the limit of {_limits.MaxDepth}",
                ManifestLoadErrorKind.DepthLimit);
        }

        // The alias node gets the alias's position; its content is shared with the anchored node.
        Deliver(anchor.Node with { Start = mark }, anchor.Count, anchor.Height, AnchorName.Empty, isMergeKey: false);
    }

    private void OnCollectionStart(NodeEvent e, bool isMapping)
    {
        var mark = ToMark(e.Start);
        if (_open.Depth + 1 > _limits.MaxDepth)
        {
            // Stop here rather than let the parser go on: YamlDotNet's scanner slows down quadratically
            // with flow nesting depth (100,000 '[' take about 20 s), and nothing deeper is wanted anyway.
            Fatal(mark, $"nesting is deeper than {_limits.MaxDepth} levels (the limit); expected at most {_limits.MaxDepth} nested mappings and sequences", ManifestLoadErrorKind.DepthLimit);
            return;
        }

        if (!CountNodes(1, mark, alias: null))
        {
            return;
        }

        if (CoreTags.CheckCollection(e.Tag.IsEmpty ? "!" : e.Tag.Value, isMapping, mark) is { } tagProblem)
        {
            DocumentError(tagProblem);
        }

        _open.Push(isMapping, mark, e.Anchor);
    }

    private void OnCollectionEnd()
    {
        var collection = _open.Pop();
        Deliver(collection.Close(), collection.Count, collection.Height + 1, collection.Anchor, isMergeKey: false);
    }

    /// <summary>Hands a finished node to the collection that contains it, or makes it the document's root.</summary>
    private void Deliver(ManifestNode node, long count, int height, AnchorName anchor, bool isMergeKey)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = new AnchorInfo(node, count, height);
        }

        if (_open.Depth == 0)
        {
            _root = node;
            return;
        }

        if (_open.Innermost.Add(node, count, height, isMergeKey) is { } problem)
        {
            DocumentError(problem);
        }
    }

    /// <summary>Adds to the file's node count; false (and the file stops) when that passes the limit.</summary>
    private bool CountNodes(long count, SourceMark mark, string? alias)
    {
        _nodeCount += count;
        if (_nodeCount <= _limits.MaxNodes)
        {
            return true;
        }

        Fatal(
            mark,
            alias is null
                ? $"the file has more than {_limits.MaxNodes} YAML nodes (the limit); split it"
                : $"the file expands to more than {_limits.MaxNodes} nodes at alias *{UserText.Shorten(alias)} (the limit counts aliases as copies of what they refer to); this looks like an alias bomb",
            ManifestLoadErrorKind.NodeLimit);
        return false;
    }

    private void DocumentError(SourceMark mark, string message, ManifestLoadErrorKind kind)
    {
        _documentFailed = true;
        AddError(mark, message, kind, _inDocument ? _documentIndex : null);
    }

    private void DocumentError(ManifestLoadError problem) => DocumentError(problem.Mark, problem.Message, problem.Kind);

    private void Fatal(SourceMark mark, string message, ManifestLoadErrorKind kind)
    {
        _documentFailed = true;
        AddError(mark, message, kind, _inDocument ? _documentIndex : null);
        _stopped = true;
    }

    private void AddError(SourceMark mark, string message, ManifestLoadErrorKind kind, int? documentIndex)
    {
        if (_errors.Count >= _limits.MaxErrors)
        {
            _errors.Add(new ManifestLoadError(mark, $"more than {_limits.MaxErrors} errors in this file; stopped looking for more")
            {
                Kind = ManifestLoadErrorKind.TooManyErrors,
                DocumentIndex = documentIndex,
            });
            _stopped = true;
            return;
        }

        _errors.Add(new ManifestLoadError(mark, message) { Kind = kind, DocumentIndex = documentIndex });
    }

    private SourceMark ToMark(Mark mark)
    {
        var chunkMark = ToChunkMark(mark);
        return chunkMark with { Line = (int)Math.Min((long)chunkMark.Line + _lineOffset, int.MaxValue) };
    }

    /// <summary>A parser position relative to the start of the current parser run.</summary>
    private static SourceMark ToChunkMark(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    private readonly record struct SyntaxFailure(SourceMark Mark, long Index, string Message, ManifestLoadErrorKind Kind);

    private readonly record struct AnchorInfo(ManifestNode Node, long Count, int Height);
}
