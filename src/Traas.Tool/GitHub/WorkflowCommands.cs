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

    public static string StopCommands(string token) => $"::stop-commands::{token}";

    public static string ResumeCommands(string token) => $"::{token}::";
}
