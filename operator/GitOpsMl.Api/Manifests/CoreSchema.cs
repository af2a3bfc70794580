using System.Globalization;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema): how plain scalars resolve to
/// null, bool, int and float, and how those texts parse. Hand-written matchers rather than regular
/// expressions so that a megabyte-long scalar costs one linear pass.
/// </summary>
internal static class CoreSchema
{
    public static ScalarKind Resolve(string value)
    {
        if (IsNull(value))
        {
            return ScalarKind.Null;
        }

        if (IsBool(value))
        {
            return ScalarKind.Bool;
        }

        if (IsInt(value))
        {
            return ScalarKind.Int;
        }

        return IsFloat(value) ? ScalarKind.Float : ScalarKind.String;
    }

    /// <summary><c>null | Null | NULL | ~ |</c> (empty).</summary>
    public static bool IsNull(string value) =>
        value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary><c>true | True | TRUE | false | False | FALSE</c>.</summary>
    public static bool IsBool(string value) =>
        value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    /// <summary><c>[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+</c>.</summary>
    public static bool IsInt(string value)
    {
        if (value.Length > 2 && value[0] == '0' && value[1] == 'o')
        {
            return AllOf(value.AsSpan(2), static c => c is >= '0' and <= '7');
        }

        if (value.Length > 2 && value[0] == '0' && value[1] == 'x')
        {
            return AllOf(value.AsSpan(2), char.IsAsciiHexDigit);
        }

        var digits = value.AsSpan();
        if (digits.Length > 0 && digits[0] is '-' or '+')
        {
            digits = digits[1..];
        }

        return digits.Length > 0 && AllOf(digits, char.IsAsciiDigit);
    }

    /// <summary>
    /// <c>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?(\.inf|\.Inf|\.INF) | \.nan|\.NaN|\.NAN</c>.
    /// </summary>
    public static bool IsFloat(string value)
    {
        if (value is ".nan" or ".NaN" or ".NAN")
        {
            return true;
        }

        var s = value.AsSpan();
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }

        if (s is ".inf" or ".Inf" or ".INF")
        {
            return true;
        }

        int i = 0;
        int intDigits = CountDigits(s, ref i);
        int fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracDigits = CountDigits(s, ref i);
        }

        // "[0-9]+(\.[0-9]*)?" or "\.[0-9]+"
        if (intDigits == 0 && fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    public static bool TryParseBool(string value, out bool result)
    {
        if (IsBool(value))
        {
            result = value[0] is 't' or 'T';
            return true;
        }

        result = false;
        return false;
    }

    public static bool TryParseInt(string value, out long result)
    {
        result = 0;
        if (!IsInt(value))
        {
            return false;
        }

        if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            if (ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex)
                && hex <= long.MaxValue)
            {
                result = (long)hex;
                return true;
            }

            return false;
        }

        if (value.StartsWith("0o", StringComparison.Ordinal))
        {
            long acc = 0;
            foreach (char c in value.AsSpan(2))
            {
                if (acc > (long.MaxValue >> 3))
                {
                    return false;
                }

                acc = (acc << 3) | (long)(c - '0');
            }

            result = acc;
            return true;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>An int scalar as a double, also when it does not fit in a long.</summary>
    public static bool TryParseIntAsDouble(string value, out double result)
    {
        if (TryParseInt(value, out long l))
        {
            result = l;
            return true;
        }

        result = 0;
        if (!IsInt(value))
        {
            return false;
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) || value.StartsWith("0o", StringComparison.Ordinal))
        {
            double radix = value[1] == 'x' ? 16 : 8;
            double acc = 0;
            foreach (char c in value.AsSpan(2))
            {
                acc = (acc * radix) + HexValue(c);
            }

            result = acc;
            return true;
        }

        return double.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    public static bool TryParseFloat(string value, out double result)
    {
        result = 0;
        if (!IsFloat(value))
        {
            return false;
        }

        switch (value)
        {
            case ".nan" or ".NaN" or ".NAN":
                result = double.NaN;
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                result = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                result = double.NegativeInfinity;
                return true;
        }

        // Overflow gives +/- infinity on .NET Core 3.0 and later, which is what YAML readers do too.
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>
    /// A decimal int scalar as JSON number text (no '+', no leading zeros), so that integers beyond
    /// 64 bits keep every digit. Returns null for octal and hexadecimal scalars.
    /// </summary>
    public static string? ToJsonIntegerText(string value)
    {
        if (!IsInt(value) || value.StartsWith("0x", StringComparison.Ordinal) || value.StartsWith("0o", StringComparison.Ordinal))
        {
            return null;
        }

        var s = value.AsSpan();
        bool negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        s = s.TrimStart('0');
        if (s.IsEmpty)
        {
            return "0";
        }

        return negative ? string.Concat("-", s) : s.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };

    private static int CountDigits(ReadOnlySpan<char> s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool AllOf(ReadOnlySpan<char> s, Func<char, bool> predicate)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }
}
