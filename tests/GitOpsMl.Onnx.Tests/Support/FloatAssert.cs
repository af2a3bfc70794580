namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>
/// Compares ONNX Runtime floats with C# reference floats. NaN must meet NaN and an infinity the
/// same infinity; finite values may differ by 1e-6, scaled up for magnitudes above 1 because a
/// float only carries ~7 significant digits (1e-6 absolute is below one ulp at 16).
/// </summary>
public static class FloatAssert
{
    public const double Tolerance = 1e-6;

    public static void Close(double expected, double actual, string context = "")
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{context}: expected {expected}, got {actual}");
            return;
        }
        var allowed = Tolerance * Math.Max(1.0, Math.Abs(expected));
        Assert.True(
            Math.Abs(expected - actual) <= allowed,
            $"{context}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(expected - actual):E2} > {allowed:E2})");
    }

    public static void AllClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, string context = "")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Close(expected[i], actual[i], $"{context}[{i}]");
        }
    }
}
