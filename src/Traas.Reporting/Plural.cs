namespace Traas.Reporting;

internal static class Plural
{
    /// <summary>"1 warning", "3 warnings".</summary>
    public static string Of(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
