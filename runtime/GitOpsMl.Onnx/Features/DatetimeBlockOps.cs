namespace GitOpsMl.Onnx;

/// <summary>
/// Calendar fields from timestamps with arithmetic only (ONNX has no date operators), over a block
/// of k timestamp columns held as float64 Unix seconds [k, N] (see <see cref="ColumnBlockOps"/>).
/// Fields come from the whole seconds, Floor(t): every quotient below is of integers far below
/// 2^53, so Floor(a / c) is exact and the fields equal the proleptic Gregorian calendar's (the
/// days-to-civil algorithm of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", with
/// floor division). NaN (missing) stays NaN in every field.
/// </summary>
public static class DatetimeBlockOps
{
    private const double SecondsPerDay = 86400;

    /// <summary>
    /// double [<paramref name="columns"/>, N] seconds → double [rows.Count, N], row i = field
    /// rows[i].Field of block row rows[i].Column. Only the fields asked for are computed, each once
    /// over the whole block.
    /// </summary>
    public static string CalendarFields(this OnnxGraphBuilder graph, string seconds, int columns, IReadOnlyList<(int Column, CalendarField Field)> rows)
    {
        if (rows.Count == 0 || rows.Any(r => r.Column < 0 || r.Column >= columns))
        {
            throw new ArgumentException($"At least one field row is required, each of a column in [0, {columns}).", nameof(rows));
        }
        var math = new Arithmetic(graph);
        var whole = new Lazy<string>(() => graph.AddNode("Floor", [seconds]));
        var days = new Lazy<string>(() => math.FloorDiv(whole.Value, SecondsPerDay));
        var secondOfDay = new Lazy<string>(() => math.Sub(whole.Value, math.Mul(days.Value, SecondsPerDay)));
        var hour = new Lazy<string>(() => math.FloorDiv(secondOfDay.Value, 3600));
        var civil = new Lazy<Civil>(() => Civil.FromDays(math, days.Value));

        string Compute(CalendarField field) => field switch
        {
            CalendarField.Year => civil.Value.Year,
            CalendarField.Month => civil.Value.Month,
            CalendarField.DayOfMonth => civil.Value.Day,
            CalendarField.DayOfYear => civil.Value.DayOfYear(),
            // 1970-01-01 was a Thursday (3 counting from Monday = 0).
            CalendarField.DayOfWeek => math.Mod(math.Add(days.Value, 3), 7),
            CalendarField.Hour => hour.Value,
            CalendarField.Minute => math.FloorDiv(math.Sub(secondOfDay.Value, math.Mul(hour.Value, 3600)), 60),
            CalendarField.ElapsedDays => graph.AddNode("Div", [seconds, math.Constant(SecondsPerDay)]),
            CalendarField.ElapsedSeconds => seconds,
            _ => throw new ArgumentOutOfRangeException(nameof(rows), field, "unknown calendar field"),
        };

        var fields = rows.Select(r => r.Field).Distinct().ToList();
        var k = columns;
        var stacked = graph.JoinBlocks(fields.Select(Compute).ToList());
        var index = rows.Select(r => (long)(fields.IndexOf(r.Field) * k + r.Column)).ToList();
        return index.Select((position, i) => position == i).All(same => same) && index.Count == fields.Count * k
            ? stacked
            : graph.SelectRows(stacked, index);
    }

    /// <summary>
    /// double [r, N] → float [r, N]: row i is y = (v - offsets[i]) / scales[i], then y, sin(y·2π) or
    /// cos(y·2π) by kinds[i], computed in float64 and cast once; a NaN (missing) v gives 0.
    /// </summary>
    public static string EncodeDatetimeRows(this OnnxGraphBuilder graph, string values,
        IReadOnlyList<double> offsets, IReadOnlyList<double> scales, IReadOnlyList<DatetimeEncodingKind> kinds)
    {
        if (offsets.Count == 0 || offsets.Count != scales.Count || offsets.Count != kinds.Count)
        {
            throw new ArgumentException($"Per-row constants must be non-empty and of one length, got {offsets.Count}, {scales.Count} and {kinds.Count}.");
        }
        for (var i = 0; i < scales.Count; i++)
        {
            if (!double.IsFinite(offsets[i]) || !double.IsFinite(scales[i]) || scales[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(scales), $"Row {i}: offset {offsets[i]} and scale {scales[i]} must be finite and the scale > 0.");
            }
        }
        var r = offsets.Count;
        var shifted = graph.AddNode("Sub", [values, graph.AddDoubleInitializer("datetime_offsets", offsets, r, 1)]);
        var y = graph.AddNode("Div", [shifted, graph.AddDoubleInitializer("datetime_scales", scales, r, 1)]);
        if (kinds.Any(kind => kind != DatetimeEncodingKind.Linear))
        {
            var angle = graph.AddNode("Mul", [y, graph.AddDoubleInitializer("two_pi", [2 * Math.PI])]);
            y = Select(graph, kinds, DatetimeEncodingKind.Sin, graph.AddNode("Sin", [angle]), y);
            y = Select(graph, kinds, DatetimeEncodingKind.Cos, graph.AddNode("Cos", [angle]), y);
        }
        var filled = graph.AddNode("Where", [graph.AddNode("IsNaN", [values]), graph.AddDoubleInitializer("missing", [0.0]), y]);
        return graph.AddNode("Cast", [filled], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }

    /// <summary>Rows of kind <paramref name="kind"/> from <paramref name="then"/>, the others from <paramref name="otherwise"/>.</summary>
    private static string Select(OnnxGraphBuilder graph, IReadOnlyList<DatetimeEncodingKind> kinds, DatetimeEncodingKind kind, string then, string otherwise)
    {
        if (kinds.All(k => k == kind)) return then;
        if (kinds.All(k => k != kind)) return otherwise;
        var mask = graph.AddInitializer($"{kind.ToString().ToLowerInvariant()}_rows", kinds.Select(k => k == kind ? 1L : 0L).ToArray(), kinds.Count, 1);
        var rows = graph.AddNode("Cast", [mask], OnnxAttribute.Int("to", (long)TensorElementType.Bool));
        return graph.AddNode("Where", [rows, then, otherwise]);
    }

    /// <summary>Elementwise float64 arithmetic with scalar constants.</summary>
    private sealed class Arithmetic(OnnxGraphBuilder graph)
    {
        public OnnxGraphBuilder Graph { get; } = graph;

        public string Constant(double value) => Graph.AddDoubleInitializer("c", [value]);

        public string Add(string a, double c) => Graph.AddNode("Add", [a, Constant(c)]);

        public string Add(string a, string b) => Graph.AddNode("Add", [a, b]);

        public string Sub(string a, string b) => Graph.AddNode("Sub", [a, b]);

        public string Mul(string a, double c) => Graph.AddNode("Mul", [a, Constant(c)]);

        /// <summary>Floor(a / c): exact for integer a and c (see the class remarks).</summary>
        public string FloorDiv(string a, double c) => Graph.AddNode("Floor", [Graph.AddNode("Div", [a, Constant(c)])]);

        /// <summary>a - c·Floor(a / c), in [0, c) (ONNX Mod on floats is fmod, which keeps the sign of a).</summary>
        public string Mod(string a, double c) => Sub(a, Mul(FloorDiv(a, c), c));

        /// <summary>1.0 where a == 0, else 0.0.</summary>
        public string IsZero(string a) => Graph.AddNode("Cast", [Graph.AddNode("Equal", [a, Constant(0)])], OnnxAttribute.Int("to", (long)TensorElementType.Double));
    }

    /// <summary>Year, month and day from days since 1970-01-01, in eras of 400 years that start on March 1st.</summary>
    private sealed record Civil(Arithmetic Math, string Year, string Month, string Day, string DayOfMarchYear, string JanuaryOrFebruary)
    {
        public static Civil FromDays(Arithmetic m, string days)
        {
            var z = m.Add(days, 719468);                      // days since 0000-03-01
            var era = m.FloorDiv(z, 146097);
            var dayOfEra = m.Sub(z, m.Mul(era, 146097));      // [0, 146096]
            var yearOfEra = m.FloorDiv(                        // [0, 399]
                m.Sub(m.Add(m.Sub(dayOfEra, m.FloorDiv(dayOfEra, 1460)), m.FloorDiv(dayOfEra, 36524)), m.FloorDiv(dayOfEra, 146096)), 365);
            var dayOfYear = m.Sub(dayOfEra,                   // [0, 365], from March 1st
                m.Sub(m.Add(m.Mul(yearOfEra, 365), m.FloorDiv(yearOfEra, 4)), m.FloorDiv(yearOfEra, 100)));
            var monthFromMarch = m.FloorDiv(m.Add(m.Mul(dayOfYear, 5), 2), 153); // [0, 11], 0 = March
            var day = m.Add(m.Sub(dayOfYear, m.FloorDiv(m.Add(m.Mul(monthFromMarch, 153), 2), 5)), 1);
            var graph = m.Graph;
            var janFeb = graph.AddNode("GreaterOrEqual", [monthFromMarch, m.Constant(10)]);
            var janFebValue = graph.AddNode("Cast", [janFeb], OnnxAttribute.Int("to", (long)TensorElementType.Double));
            var month = m.Sub(m.Add(monthFromMarch, 3), m.Mul(janFebValue, 12));
            var year = m.Add(m.Add(yearOfEra, m.Mul(era, 400)), janFebValue);
            return new Civil(m, year, month, day, dayOfYear, janFeb);
        }

        /// <summary>
        /// Day of the calendar year, 1-366: January and February are days 306… of the March year
        /// (306 → 1); from March on, March 1st is day 60, or 61 in a leap year.
        /// </summary>
        public string DayOfYear()
        {
            var m = Math;
            var leap = m.Add(m.Sub(m.IsZero(m.Mod(Year, 4)), m.IsZero(m.Mod(Year, 100))), m.IsZero(m.Mod(Year, 400)));
            var fromMarch = m.Add(m.Add(DayOfMarchYear, 60), leap);
            var inJanFeb = m.Add(DayOfMarchYear, -305);
            return m.Graph.AddNode("Where", [JanuaryOrFebruary, inJanFeb, fromMarch]);
        }
    }
}
