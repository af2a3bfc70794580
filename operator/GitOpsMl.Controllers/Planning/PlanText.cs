using System.Globalization;

namespace GitOpsMl.Controllers.Planning;

/// <summary>Numbers as condition messages and events show them: short, invariant, never "1E-05" for ordinary metrics.</summary>
internal static class PlanText
{
    public static string Number(double value) =>
        value == 0 || Math.Abs(value) >= 1e-3 ? value.ToString("0.####", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);
}
