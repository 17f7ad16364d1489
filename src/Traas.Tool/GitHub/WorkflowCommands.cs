namespace Traas.Tool.GitHub;

/// <summary>
/// GitHub Actions workflow commands (::error and friends), escaped as the runner unescapes them
/// (actions/runner src/Runner.Common/ActionCommand.cs): every escape of traas-ci is here.
/// </summary>
internal static class WorkflowCommands
{
    /// <summary>A command's message: %, CR and LF escaped.</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property's value (title=, file=): also ':' and ','.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    public static string Error(string title, string message) =>
        $"::error title={EscapeProperty(title)}::{EscapeData(message)}";

    public static string Warning(string message) => $"::warning::{EscapeData(message)}";

    /// <summary>
    /// add-mask for a secret: the whole value on one command (its line breaks escaped, so that no
    /// line of it is printed in clear) and, as the runner also does, each of its lines.
    /// </summary>
    public static IEnumerable<string> AddMask(string secret)
    {
        yield return $"::add-mask::{EscapeData(secret)}";
        foreach (var line in secret.Split(['\r', '\n'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line != secret)
                yield return $"::add-mask::{EscapeData(line)}";
        }
    }

    public static string Group(string title) => $"::group::{EscapeData(title)}";

    public const string EndGroup = "::endgroup::";


    /// <summary>
    /// Text from the node (its log, file names, SFTP messages, the marker), made so that the runner
    /// cannot take any line of it for a workflow command while it still reads the same. The runner
    /// ends a line at CR as at LF; takes `::name` at the start of a line (after white space) and the
    /// first `##[name]` anywhere in it; and compares with the culture, which may pass over invisible
    /// characters. So each line (CR, LF and CRLF all end one) that could be a command, once those
    /// characters are left out, loses them, its leading `::` becomes `∶:` (U+2236, a ratio sign) and
    /// every `##[` becomes `##［` (U+FF3B, a full-width bracket). Other lines are kept as they are.
    /// </summary>
    public static string Inert(string text)
    {
        if (text.IndexOfAny(['\r', '\n']) < 0)
            return InertLine(text);
        return string.Join('\n', text.Split(["\r\n", "\r", "\n"], StringSplitOptions.None).Select(InertLine));
    }

    private static string InertLine(string line)
    {
        if (line.AsSpan().IndexOfAny(':', '#') < 0)
            return line;
        var probe = WithoutInvisibles(line);
        var atStart = probe.TrimStart().StartsWith("::", StringComparison.Ordinal);
        var legacy = probe.Contains("##[", StringComparison.Ordinal);
        if (!atStart && !legacy)
            return line;
        var text = legacy ? probe.Replace("##[", "##\uFF3B", StringComparison.Ordinal) : probe;
        if (atStart)
        {
            var at = text.IndexOf("::", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), "\u2236", text.AsSpan(at + 1));
        }
        return text;
    }

    /// <summary>
    /// The line without NUL, format characters (zero-width ones, soft hyphens, marks of direction) and combining marks.
    /// </summary>
    private static string WithoutInvisibles(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (c != '\0' && category is not (UnicodeCategory.Format or UnicodeCategory.NonSpacingMark))
                text.Append(c);
        }
        return text.Length == line.Length ? line : text.ToString();
    }
}
