namespace Traas.Reporting.Parsing;

/// <summary>
/// The numbers a log's digits stand for. The log is the node's to write, and a regex's \d takes any Unicode digit:
/// digits too many for an int, or not ASCII, are never an exception that stops the report. Too large is the
/// largest (an exit status that is not 0, a count past any real one); not ASCII is 0.
/// </summary>
internal static class LogNumber
{
    public static int Int(ReadOnlySpan<char> digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : Ascii(digits) ? int.MaxValue
        : 0;

    /// <summary>A duration's seconds ("12.345"); 0 when they are not ASCII digits.</summary>
    public static double Seconds(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 0;

    private static bool Ascii(ReadOnlySpan<char> digits) =>
        !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
}
