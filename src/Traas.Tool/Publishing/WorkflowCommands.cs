namespace Traas.Tool.Publishing;

/// <summary>GitHub Actions workflow commands (::error and friends), escaped as the runner unescapes them.</summary>
public static class WorkflowCommands
{
    /// <summary>A command's message: %, CR and LF escaped.</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property's value (title=, file=): also ':' and ','.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    public static string Error(string title, string message) => $"::error title={EscapeProperty(title)}::{EscapeData(message)}";

    public static string Warning(string message) => $"::warning::{EscapeData(message)}";
}
