namespace GitOpsMl.Api.Manifests;

/// <summary>A <see cref="TextReader"/> over the tail of a string, so that restarting the parser after a syntax error copies nothing.</summary>
internal sealed class StringSliceReader : TextReader
{
    private readonly string _text;
    private int _position;

    public StringSliceReader(string text, int start)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, text.Length);
        _text = text;
        _position = start;
    }

    public override int Peek() => _position < _text.Length ? _text[_position] : -1;

    public override int Read() => _position < _text.Length ? _text[_position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        int n = Math.Min(buffer.Length, _text.Length - _position);
        _text.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override string ReadToEnd()
    {
        string rest = _text[_position..];
        _position = _text.Length;
        return rest;
    }
}
