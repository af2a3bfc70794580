namespace GitOpsMl.Data.Features;

/// <summary>How a datetime quantity v becomes one float output (see <see cref="DatetimeOutput"/>).</summary>
public enum DatetimeEncoding
{
    /// <summary>(v - Offset) / Scale: standardized with the training split's mean and deviation.</summary>
    Standardized,

    /// <summary>sin(2π (v - Offset) / Scale): Offset is the cycle's first value, Scale its period.</summary>
    Sin,

    /// <summary>cos(2π (v - Offset) / Scale).</summary>
    Cos,
}
