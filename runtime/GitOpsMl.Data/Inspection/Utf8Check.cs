using System.Text;

namespace GitOpsMl.Data.Inspection;

/// <summary>Finds the first byte that is not valid UTF-8, reading a stream in bounded chunks.</summary>
public static class Utf8Check
{
    /// <summary>The offset of the first invalid byte among the first <paramref name="limit"/> bytes, or null when they are valid UTF-8.</summary>
    public static long? FirstInvalidByte(Stream stream, long limit)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length + 4];
        long offset = 0;
        while (offset < limit)
        {
            var read = stream.Read(bytes, 0, (int)Math.Min(bytes.Length, limit - offset));
            var last = read == 0 || offset + read >= limit;
            try
            {
                // Flush only at the end of the file: a sample may end inside a character without the file being wrong.
                decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            }
            catch (DecoderFallbackException e)
            {
                return Math.Max(0, offset + e.Index);
            }
            if (last) return null;
            offset += read;
        }
        return null;
    }
}
