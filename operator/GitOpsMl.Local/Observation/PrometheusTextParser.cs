using System.Globalization;
using System.Text;

namespace GitOpsMl.Local.Observation;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4) into samples: comments and
/// blank lines skipped, label values unescaped (\\, \", \n), timestamps ignored. Only what the
/// control plane reads of its own servers' /metrics; a malformed line is an error, not skipped.
/// </summary>
public static class PrometheusTextParser
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line, lineNumber));
        }
        return samples;
    }

    private static PrometheusSample ParseLine(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') throw Bad(lineNumber, "label without =\"value\"");
                var key = line[i..eq].Trim();
                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                if (j >= line.Length) throw Bad(lineNumber, "unterminated label value");
                labels[key] = value.ToString();
                i = j + 1;
                if (i < line.Length && line[i] == ',') i++;
            }
            if (i >= line.Length) throw Bad(lineNumber, "unterminated label set");
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (name.Length == 0 || rest.Length == 0) throw Bad(lineNumber, "expected `name{labels} value`");
        var value_ = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(lineNumber, $"value \"{v}\" is not a number"),
        };
        return new PrometheusSample(name, labels, value_);
    }

    private static FormatException Bad(int line, string what) => new($"metrics line {line}: {what}");
}
