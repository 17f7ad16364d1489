using System.Globalization;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// A culture that writes 1,5 for 1.5 and 1.000 for a thousand, as German does. The tool is built with invariant
/// globalization, where de-DE cannot be had, so it is the invariant culture with those two separators swapped.
/// </summary>
internal static class CommaCulture
{
    public static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }
}
