namespace GitOpsMl.Onnx;

/// <summary>How <see cref="DatetimeBlockOps.EncodeDatetimeRows"/> turns a row y = (v - offset) / scale into an output.</summary>
public enum DatetimeEncodingKind
{
    /// <summary>y itself.</summary>
    Linear,
    /// <summary>sin(y · 2π).</summary>
    Sin,
    /// <summary>cos(y · 2π).</summary>
    Cos,
}
