namespace Traas.Tool.Model;

/// <summary>Counts in messages, "1 task" and "2 tasks", as the invariant culture writes the number.</summary>
internal static class Plural
{
    public static string Of(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Minutes to a tenth: "1 minute", "0.5 minutes", "240 minutes".</summary>
    public static string Minutes(double minutes)
    {
        var text = minutes.ToString("0.#", CultureInfo.InvariantCulture);
        return text == "1" ? "1 minute" : $"{text} minutes";
    }
}
