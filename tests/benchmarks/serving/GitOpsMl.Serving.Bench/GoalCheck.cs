using System.Globalization;

namespace GitOpsMl.Serving.Bench;

/// <summary>
/// `bench check LABEL VALUE [/ DIVISOR] OP LIMIT`: one benchmark goal, compared as numbers (an
/// earlier shell version compared "25.892" with "3.558" as strings and printed "met"). Prints the
/// line for the README and exits 0 when met, 1 when not, 2 when a figure is not a number — so
/// run.sh can first prove on a known-bad pair that a failing goal does fail.
/// </summary>
public static class GoalCheck
{
    public static int Run(string[] args)
    {
        // LABEL VALUE OP LIMIT, or LABEL VALUE / DIVISOR OP LIMIT
        if (args.Length is not (4 or 6) || (args.Length == 6 && args[2] != "/"))
        {
            Console.Error.WriteLine("usage: bench check LABEL VALUE [/ DIVISOR] OP LIMIT   (OP: <= or >=)");
            return 2;
        }
        var label = args[0];
        if (!TryNumber(args[1], out var value)) return NotANumber(label, args[1]);
        var (op, limitText) = args.Length == 6 ? (args[4], args[5]) : (args[2], args[3]);
        if (args.Length == 6)
        {
            if (!TryNumber(args[3], out var divisor)) return NotANumber(label, args[3]);
            value /= divisor;
        }
        if (!TryNumber(limitText, out var limit)) return NotANumber(label, limitText);
        bool? met = op switch { "<=" => value <= limit, ">=" => value >= limit, _ => null };
        if (met is null)
        {
            Console.Error.WriteLine($"check {label}: operator '{op}' is not <= or >=");
            return 2;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {label} = {value:0.###} (goal {op} {limit:0.###}): {(met.Value ? "met" : "NOT met")}"));
        return met.Value ? 0 : 1;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static int NotANumber(string label, string text)
    {
        Console.WriteLine($"- {label}: '{text}' is not a number: NOT met");
        return 2;
    }
}
