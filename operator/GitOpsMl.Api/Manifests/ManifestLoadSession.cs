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
    private const string CoreTagPrefix = "tag:yaml.org,2002:";
    private const string CoreTagList = "!!str, !!int, !!float, !!bool, !!null, !!map, !!seq";

    private static readonly string BareInvalidOperationMessage = new InvalidOperationException().Message;

    private readonly string _text;
    private readonly ManifestLoadLimits _limits;
    private readonly List<LoadedDocument> _documents = [];
    private readonly List<ManifestLoadError> _errors = [];
    private readonly List<Frame> _framePool = [];
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
    private int _depth;

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
            _depth = 0;
            if (_stopped || !TryFindDocumentMarker(syntax.Index, syntax.Mark, minLine, out chunkStart, out chunkStartLine))
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
        if (exception is YamlException yaml)
        {
            return new SyntaxFailure(ToChunkMark(yaml.Start), start + yaml.Start.Index, CleanYamlMessage(yaml.Message), ManifestLoadErrorKind.Syntax);
        }

        var position = scanner.CurrentPosition;
        var (message, kind) = exception switch
        {
            // A plain scalar inside [...] or {...} continues on a line indented no deeper than the enclosing
            // block: typically a flow collection that was never closed. Thrown without message or position.
            InvalidOperationException when exception.Message == BareInvalidOperationMessage =>
                ("invalid YAML: a '[...]' or '{...}' continues on a line that is not indented more than the key it belongs to; expected a closing ']' or '}' before it",
                 ManifestLoadErrorKind.Syntax),

            // A malformed tag such as "!!s]", rejected by YamlDotNet's TagName constructor.
            ArgumentException when exception.Message.Contains("tag", StringComparison.OrdinalIgnoreCase) =>
                ($"invalid YAML: malformed tag ({CleanExceptionMessage(exception)}); expected no tag or one of {CoreTagList}",
                 ManifestLoadErrorKind.Syntax),

            // For example "The scanner should contain no more tokens." for two bare "..." lines, which is valid YAML.
            _ => ($"the YAML parser failed here ({exception.GetType().Name}: {CleanExceptionMessage(exception)})",
                  ManifestLoadErrorKind.ParserFailure),
        };
        return new SyntaxFailure(ToChunkMark(position), start + position.Index, message, kind);
    }

    private static string CleanExceptionMessage(Exception exception)
    {
        string message = exception.Message;
        if (exception is ArgumentException { ParamName: { } param })
        {
            message = message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal);
        }

        return message.Trim().TrimEnd('.');
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
                OnCollectionEnd(ToMark(e.Start));
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
        _depth = 0;
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
        if (_depth == 0 && value.Length == 0 && untagged && e.Anchor.IsEmpty && e.Style == ScalarStyle.Plain)
        {
            // An empty document: YamlDotNet reports it as an empty plain scalar.
            _root = null;
            return;
        }

        var kind = untagged
            ? (e.Style == ScalarStyle.Plain ? CoreSchema.Resolve(value) : ScalarKind.String)
            : ResolveTaggedScalar(e.Tag, value, mark);
        var node = new ScalarNode(mark, value, kind) { IsPlain = untagged && e.Style == ScalarStyle.Plain };
        bool isMergeKey = untagged && e.Style == ScalarStyle.Plain && value == "<<";
        Deliver(node, count: 1, height: 0, e.Anchor, isMergeKey);
    }

    private ScalarKind ResolveTaggedScalar(TagName tag, string value, SourceMark mark)
    {
        string name = tag.Value;
        if (name == "!")
        {
            // The non-specific tag: "! 12" is the string "12".
            return ScalarKind.String;
        }

        (ScalarKind Kind, bool Fits)? resolved = name switch
        {
            CoreTagPrefix + "str" => (ScalarKind.String, true),
            CoreTagPrefix + "int" => (ScalarKind.Int, CoreSchema.IsInt(value)),
            CoreTagPrefix + "float" => (ScalarKind.Float, CoreSchema.IsFloat(value) || CoreSchema.IsInt(value)),
            CoreTagPrefix + "bool" => (ScalarKind.Bool, CoreSchema.IsBool(value)),
            CoreTagPrefix + "null" => (ScalarKind.Null, CoreSchema.IsNull(value)),
            _ => null,
        };

        if (resolved is null)
        {
            if (name is CoreTagPrefix + "map" or CoreTagPrefix + "seq")
            {
                DocumentError(mark, $"tag {DisplayTag(name)} cannot be used on a scalar", ManifestLoadErrorKind.InvalidTaggedValue);
            }
            else
            {
                UnsupportedTag(name, mark);
            }

            return ScalarKind.String;
        }

        if (!resolved.Value.Fits)
        {
            DocumentError(
                mark,
                $"'{Shorten(value)}' is not a valid {DisplayTag(name)} value",
                ManifestLoadErrorKind.InvalidTaggedValue);
            return ScalarKind.String;
        }

        return resolved.Value.Kind;
    }

    private void OnAlias(AnchorAlias e)
    {
        var mark = ToMark(e.Start);
        string name = e.Value.Value;
        if (!_anchors.TryGetValue(name, out var anchor))
        {
            DocumentError(
                mark,
                $"alias *{Shorten(name)} does not refer to an anchor defined earlier in this document (expected '&{Shorten(name)}' before it; an anchor cannot refer to itself)",
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

        if (_depth + anchor.Height > _limits.MaxDepth)
        {
            DocumentError(
                mark,
                $"alias *{Shorten(name)} nests {_depth + anchor.Height} levels deep here, more than the limit of {_limits.MaxDepth}",
                ManifestLoadErrorKind.DepthLimit);
        }

        // The alias node gets the alias's position; its content is shared with the anchored node.
        Deliver(anchor.Node with { Start = mark }, anchor.Count, anchor.Height, AnchorName.Empty, isMergeKey: false);
    }

    private void OnCollectionStart(NodeEvent e, bool isMapping)
    {
        var mark = ToMark(e.Start);
        if (_depth + 1 > _limits.MaxDepth)
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

        // No tag, the non-specific "!", or the core tag of this collection kind.
        string tag = e.Tag.IsEmpty ? "!" : e.Tag.Value;
        if (tag != "!" && tag != CoreTagPrefix + (isMapping ? "map" : "seq"))
        {
            if (IsCoreTag(tag))
            {
                DocumentError(mark, $"tag {DisplayTag(tag)} cannot be used on a {(isMapping ? "mapping" : "sequence")}", ManifestLoadErrorKind.InvalidTaggedValue);
            }
            else
            {
                UnsupportedTag(tag, mark);
            }
        }

        var frame = RentFrame();
        frame.IsMapping = isMapping;
        frame.Start = mark;
        frame.Anchor = e.Anchor;
        _depth++;
    }

    private void OnCollectionEnd(SourceMark mark)
    {
        var frame = _framePool[_depth - 1];
        _depth--;
        ManifestNode node = frame.IsMapping
            ? new MappingNode(frame.Start, frame.BuildEntries())
            : new SequenceNode(frame.Start, frame.Items.ToArray());
        Deliver(node, frame.Count, frame.Height + 1, frame.Anchor, isMergeKey: false);
    }

    /// <summary>Hands a finished node to the collection that contains it, or makes it the document's root.</summary>
    private void Deliver(ManifestNode node, long count, int height, AnchorName anchor, bool isMergeKey)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = new AnchorInfo(node, count, height);
        }

        if (_depth == 0)
        {
            _root = node;
            return;
        }

        var frame = _framePool[_depth - 1];
        frame.Count += count;
        frame.Height = Math.Max(frame.Height, height);
        if (!frame.IsMapping)
        {
            frame.Items.Add(node);
            return;
        }

        if (!frame.HasKey)
        {
            frame.HasKey = true;
            frame.KeyIsMerge = isMergeKey;
            frame.Key = node as ScalarNode;
            if (frame.Key is null)
            {
                DocumentError(
                    node.Start,
                    $"a mapping key must be a scalar, not a {(node is MappingNode ? "mapping" : "sequence")}",
                    ManifestLoadErrorKind.NonScalarKey);
            }

            return;
        }

        frame.HasKey = false;
        var key = frame.Key;
        if (key is null)
        {
            return;
        }

        if (frame.KeyIsMerge)
        {
            AddMerge(frame, key, node);
            return;
        }

        if (frame.FirstKeyMarks.TryGetValue(key.Value, out var first))
        {
            DocumentError(
                key.Start,
                $"duplicate key '{Shorten(key.Value)}' (first defined at line {first.Line}, column {first.Column}); expected each key once per mapping",
                ManifestLoadErrorKind.DuplicateKey);
            return;
        }

        frame.FirstKeyMarks.Add(key.Value, key.Start);
        frame.Entries.Add(new MappingEntry(key, node));
    }

    private void AddMerge(Frame frame, ScalarNode key, ManifestNode value)
    {
        if (frame.MergeMark is { } firstMerge)
        {
            DocumentError(
                key.Start,
                $"duplicate merge key '<<' (first at line {firstMerge.Line}, column {firstMerge.Column}); merge several mappings with one '<<: [*a, *b]'",
                ManifestLoadErrorKind.DuplicateKey);
            return;
        }

        frame.MergeMark = key.Start;
        IReadOnlyList<MappingNode>? sources = value switch
        {
            MappingNode m => [m],
            SequenceNode s when s.Items.All(i => i is MappingNode) => s.Items.Cast<MappingNode>().ToArray(),
            _ => null,
        };
        if (sources is null)
        {
            DocumentError(
                value.Start,
                "the merge key '<<' expects a mapping, an alias of a mapping, or a sequence of those",
                ManifestLoadErrorKind.InvalidMerge);
            return;
        }

        frame.MergeAt = frame.Entries.Count;
        frame.MergeSources = sources;
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
                : $"the file expands to more than {_limits.MaxNodes} nodes at alias *{Shorten(alias)} (the limit counts aliases as copies of what they refer to); this looks like an alias bomb",
            ManifestLoadErrorKind.NodeLimit);
        return false;
    }

    private void UnsupportedTag(string tag, SourceMark mark) =>
        DocumentError(
            mark,
            $"unsupported tag {DisplayTag(tag)}; expected no tag or one of the YAML core tags {CoreTagList}",
            ManifestLoadErrorKind.UnsupportedTag);

    private void DocumentError(SourceMark mark, string message, ManifestLoadErrorKind kind)
    {
        _documentFailed = true;
        AddError(mark, message, kind, _inDocument ? _documentIndex : null);
    }

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

    /// <summary>
    /// Finds where the parser can start again after a syntax error: the next line, no earlier than
    /// <paramref name="minLine"/>, that starts with the document marker <c>---</c>. YAML forbids such a line
    /// inside any scalar, so it always starts a new document.
    /// </summary>
    private bool TryFindDocumentMarker(long errorIndex, SourceMark error, int minLine, out int markerIndex, out int markerLine)
    {
        markerIndex = 0;
        markerLine = 0;
        if (errorIndex < 0 || errorIndex > _text.Length)
        {
            return false;
        }

        // The start of the error's line: the parser's column counts UTF-16 code units, as we do.
        int lineStart = (int)errorIndex - (error.Column - 1);
        if (lineStart < 0 || (lineStart > 0 && !IsLineBreak(_text[lineStart - 1])))
        {
            return false;
        }

        int line = error.Line;
        while (true)
        {
            if (line >= minLine && IsDocumentMarkerLine(lineStart))
            {
                markerIndex = lineStart;
                markerLine = line;
                return true;
            }

            int next = _text.AsSpan(lineStart).IndexOfAny(ManifestText.LineBreaks);
            if (next < 0)
            {
                return false;
            }

            lineStart += next;
            lineStart += _text[lineStart] == '\r' && lineStart + 1 < _text.Length && _text[lineStart + 1] == '\n' ? 2 : 1;
            line++;
        }
    }

    private bool IsDocumentMarkerLine(int i) =>
        _text.AsSpan(i).StartsWith("---", StringComparison.Ordinal)
        && (i + 3 == _text.Length || _text[i + 3] is ' ' or '\t' || IsLineBreak(_text[i + 3]));

    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static string CleanYamlMessage(string yamlMessage)
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
            _ when message.Contains("tag handle", StringComparison.Ordinal) => $"custom tags are not supported; expected no tag or one of {CoreTagList}",
            _ => null,
        };
        return hint is null ? $"invalid YAML: {message}" : $"invalid YAML: {message} ({hint})";
    }

    private SourceMark ToMark(Mark mark)
    {
        var chunkMark = ToChunkMark(mark);
        return chunkMark with { Line = (int)Math.Min((long)chunkMark.Line + _lineOffset, int.MaxValue) };
    }

    /// <summary>A parser position relative to the start of the current parser run.</summary>
    private static SourceMark ToChunkMark(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    private static bool IsCoreTag(string tag) =>
        tag is CoreTagPrefix + "str" or CoreTagPrefix + "int" or CoreTagPrefix + "float" or CoreTagPrefix + "bool"
            or CoreTagPrefix + "null" or CoreTagPrefix + "map" or CoreTagPrefix + "seq";

    private static string DisplayTag(string tag) =>
        tag.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + Shorten(tag[CoreTagPrefix.Length..])
        : tag.StartsWith('!') ? Shorten(tag)
        : $"!<{Shorten(tag)}>";

    /// <summary>
    /// Keeps user text in messages short, on one line, and free of characters a terminal or CI log would
    /// act on: line breaks, escapes and other control or format characters (bidi overrides, zero-width
    /// characters) are shown as \uXXXX.
    /// </summary>
    private static string Shorten(string text)
    {
        const int max = 80;
        var s = text.Length > max ? text.AsSpan(0, char.IsHighSurrogate(text[max - 1]) ? max - 1 : max) : text.AsSpan();
        var builder = new System.Text.StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (text.Length > max)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private Frame RentFrame()
    {
        if (_depth == _framePool.Count)
        {
            _framePool.Add(new Frame());
        }

        var frame = _framePool[_depth];
        frame.Reset();
        return frame;
    }

    private readonly record struct SyntaxFailure(SourceMark Mark, long Index, string Message, ManifestLoadErrorKind Kind);

    private readonly record struct AnchorInfo(ManifestNode Node, long Count, int Height);

    /// <summary>An open mapping or sequence. Frames are reused per depth; only the finished node escapes.</summary>
    private sealed class Frame
    {
        public bool IsMapping;
        public SourceMark Start;
        public AnchorName Anchor;
        public long Count;
        public int Height;
        public readonly List<ManifestNode> Items = [];
        public readonly List<MappingEntry> Entries = [];
        public readonly Dictionary<string, SourceMark> FirstKeyMarks = new(StringComparer.Ordinal);
        public bool HasKey;
        public bool KeyIsMerge;
        public ScalarNode? Key;
        public SourceMark? MergeMark;
        public int MergeAt;
        public IReadOnlyList<MappingNode>? MergeSources;

        public void Reset()
        {
            Count = 1;
            Height = 0;
            Items.Clear();
            Entries.Clear();
            FirstKeyMarks.Clear();
            HasKey = false;
            KeyIsMerge = false;
            Key = null;
            MergeMark = null;
            MergeAt = 0;
            MergeSources = null;
        }

        /// <summary>
        /// The mapping's entries, with merged ones inserted where the merge key was: a merged key never
        /// overrides a key written in this mapping, and an earlier merge source wins over a later one.
        /// </summary>
        public MappingEntry[] BuildEntries()
        {
            if (MergeSources is null)
            {
                return Entries.ToArray();
            }

            var result = new List<MappingEntry>(Entries.Count + 8);
            var taken = new HashSet<string>(FirstKeyMarks.Keys, StringComparer.Ordinal);
            for (int i = 0; i <= Entries.Count; i++)
            {
                if (i == MergeAt)
                {
                    foreach (var source in MergeSources)
                    {
                        foreach (var entry in source.Entries)
                        {
                            if (taken.Add(entry.Key.Value))
                            {
                                result.Add(entry);
                            }
                        }
                    }
                }

                if (i < Entries.Count)
                {
                    result.Add(Entries[i]);
                }
            }

            return result.ToArray();
        }
    }
}
