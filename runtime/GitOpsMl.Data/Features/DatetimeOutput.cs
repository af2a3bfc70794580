namespace GitOpsMl.Data.Features;

/// <summary>
/// One output of a datetime feature. Computed in float64 and cast to float32 once at the end, so
/// the graph (which receives the timestamp as float64 Unix seconds) reproduces it: a standardized
/// output is (v - Offset) / Scale; a cyclical one is sin or cos of (v - Offset) / Scale · 2π.
/// A missing timestamp gives 0 (the training mean once standardized; the circle's centre once cyclical).
/// </summary>
public sealed record DatetimeOutput(string Name, DatetimeQuantity Quantity, DatetimeEncoding Encoding, double Offset, double Scale)
{
    public const double TwoPi = 2 * Math.PI;

    /// <summary>The output for quantity value <paramref name="value"/> (NaN = missing timestamp).</summary>
    public float Apply(double value)
    {
        if (double.IsNaN(value)) return 0f;
        var x = (value - Offset) / Scale;
        return Encoding switch
        {
            DatetimeEncoding.Sin => (float)Math.Sin(x * TwoPi),
            DatetimeEncoding.Cos => (float)Math.Cos(x * TwoPi),
            _ => (float)x,
        };
    }
}
