using GitOpsMl.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GitOpsMl.Onnx.Tests;

// The calendar the graph computes with Floor and Div must be .NET's calendar, exactly, over the
// whole range a timestamp can hold; .NET's DateTime is the reference.
public class DatetimeBlockOpsTests
{
    private static readonly CalendarField[] Calendar =
        [CalendarField.Year, CalendarField.Month, CalendarField.DayOfMonth, CalendarField.DayOfWeek, CalendarField.DayOfYear, CalendarField.Hour, CalendarField.Minute];

    private static double Expected(CalendarField field, double seconds)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds)).UtcDateTime;
        return field switch
        {
            CalendarField.Year => t.Year,
            CalendarField.Month => t.Month,
            CalendarField.DayOfMonth => t.Day,
            CalendarField.DayOfWeek => ((int)t.DayOfWeek + 6) % 7,
            CalendarField.DayOfYear => t.DayOfYear,
            CalendarField.Hour => t.Hour,
            CalendarField.Minute => t.Minute,
            CalendarField.ElapsedDays => seconds / 86400,
            _ => seconds,
        };
    }

    private static double[] Run(IReadOnlyList<CalendarField> fields, double[] seconds)
    {
        var graph = new OnnxGraphBuilder();
        var input = graph.AddTimestampColumn("t");
        var block = graph.JoinColumns([input]);
        var values = graph.CalendarFields(block, 1, fields.Select(f => (0, f)).ToList());
        graph.AddOutput("fields", TensorElementType.Double, graph.BlockToMatrix(values), fields.Count);
        using var session = new InferenceSession(graph.ToBytes());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("t", new DenseTensor<double>(seconds, [seconds.Length, 1]))]);
        return results.Single().AsTensor<double>().ToArray();
    }

    private static void AssertCalendar(double[] seconds)
    {
        var actual = Run(Calendar, seconds);
        for (var i = 0; i < seconds.Length; i++)
        {
            for (var f = 0; f < Calendar.Length; f++)
            {
                var expected = Expected(Calendar[f], seconds[i]);
                var got = actual[i * Calendar.Length + f];
                if (got != expected)
                {
                    Assert.Fail($"{DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds[i])):O} ({seconds[i]} s): {Calendar[f]} is {got}, expected {expected}");
                }
            }
        }
    }

    [Fact]
    public void Every_day_from_1583_to_2500_has_the_gregorian_year_month_day_weekday_and_day_of_year()
    {
        var first = new DateTimeOffset(1583, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var last = new DateTimeOffset(2500, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        // Each day at 00:00:00 and at 23:59:59: both edges of the day.
        var seconds = new List<double>();
        for (var s = first; s <= last; s += 86400)
        {
            seconds.Add(s);
            seconds.Add(s + 86399);
        }
        AssertCalendar(seconds.ToArray());
    }

    [Fact]
    public void Random_instants_over_years_1_to_9999_and_the_edges_of_the_range_match()
    {
        var rng = new Random(7);
        var min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
        var max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        var seconds = Enumerable.Range(0, 20000).Select(_ => Math.Floor(min + rng.NextDouble() * (max - min)) + rng.Next(1000) / 1000.0)
            .Concat([min, max, 0, -0.5, -1, 86399.999, 951782400 /* 2000-02-29 */, 2147483648 /* 2038-01-19T03:14:08 */, -2203891200 /* 1900-03-01 */])
            .ToArray();
        AssertCalendar(seconds);
    }

    [Fact]
    public void Elapsed_time_keeps_the_fraction_and_missing_stays_missing()
    {
        double[] seconds = [0, 43200.25, -86400, double.NaN];
        var actual = Run([CalendarField.ElapsedDays, CalendarField.ElapsedSeconds, CalendarField.Month], seconds);
        Assert.Equal([0, 0, 1, 43200.25 / 86400, 43200.25, 1, -1, -86400, 12], actual.Take(9));
        Assert.All(actual.Skip(9), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Encoding_standardizes_or_takes_sin_and_cos_of_the_cycle_and_fills_missing_with_zero()
    {
        var graph = new OnnxGraphBuilder();
        var input = graph.AddTimestampColumn("v");
        var rows = graph.SelectRows(graph.JoinColumns([input]), [0, 0, 0]);
        var encoded = graph.EncodeDatetimeRows(rows, [10, 1, 1], [4, 12, 12], [DatetimeEncodingKind.Linear, DatetimeEncodingKind.Sin, DatetimeEncodingKind.Cos]);
        graph.AddOutput("out", TensorElementType.Float, graph.BlockToMatrix(encoded), 3);
        double[] v = [12, 4, double.NaN];
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "out", NamedOnnxValue.CreateFromTensor("v", new DenseTensor<double>(v, [3, 1])));
        var expected = new[]
        {
            (float)((12 - 10) / 4.0), (float)Math.Sin((12 - 1) / 12.0 * 2 * Math.PI), (float)Math.Cos((12 - 1) / 12.0 * 2 * Math.PI),
            (float)((4 - 10) / 4.0), (float)Math.Sin((4 - 1) / 12.0 * 2 * Math.PI), (float)Math.Cos((4 - 1) / 12.0 * 2 * Math.PI),
            0f, 0f, 0f,
        };
        FloatAssert.AllClose(expected, actual.Data);
    }

    [Fact]
    public void Encoding_refuses_a_scale_that_would_divide_by_zero()
    {
        var graph = new OnnxGraphBuilder();
        var block = graph.JoinColumns([graph.AddTimestampColumn("v")]);
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.EncodeDatetimeRows(block, [0], [0], [DatetimeEncodingKind.Linear]));
    }
}
