using System.Globalization;
using System.Text;

namespace Traas.Tool.Tests.Support;

/// <summary>One line the GitHub Actions runner would take as a workflow command.</summary>
public sealed record RunnerCommand(string Name, string Line);

/// <summary>
/// Reads a step's output as the actions/runner does (src/Runner.Sdk/ProcessInvoker.cs,
/// src/Runner.Worker/Handlers/OutputManager.cs, src/Runner.Common/ActionCommand.cs at 258d6c8),
/// written here from those rules: lines split on CR, LF and CRLF; a v2 command is `::name ...::`
/// at the start of a line after leading white space; a legacy command is the first `##[name]`
/// anywhere in a line; names are the runner's registered commands, in any case; `stop-commands`
/// stops all but its token until the token comes. The runner compares with the culture, which may
/// skip invisible characters, so lines are also read with format characters and NUL removed.
/// </summary>
public static class RunnerCommandChecker
{
    private static readonly HashSet<string> Registered = new(StringComparer.OrdinalIgnoreCase)
    {
        "stop-commands", "set-env", "set-output", "save-state", "add-path", "add-mask", "add-matcher", "remove-matcher",
        "warning", "error", "notice", "debug", "group", "endgroup", "echo",
    };

    /// <summary>The commands in one stream's output, in order, as the runner would process them.</summary>
    public static IReadOnlyList<RunnerCommand> Commands(string output)
    {
        var found = new List<Parsed>();
        string? stopToken = null;
        foreach (var line in Lines(output))
        {
            foreach (var candidate in new[] { line, WithoutInvisibles(line) }.Distinct())
            {
                if (Parse(candidate, stopToken) is not { } command)
                    continue;
                if (stopToken is not null)
                {
                    // While stopped only the token counts, and it resumes processing.
                    if (string.Equals(command.Name, stopToken, StringComparison.OrdinalIgnoreCase))
                        stopToken = null;
                    break;
                }
                found.Add(command);
                if (string.Equals(command.Name, "stop-commands", StringComparison.OrdinalIgnoreCase))
                    stopToken = command.Data;
                break;
            }
        }
        return found.Select(c => new RunnerCommand(c.Name, c.Line)).ToList();
    }

    private sealed record Parsed(string Name, string Data, string Line);

    private static Parsed? Parse(string line, string? stopToken)
    {
        bool Known(string name) => Registered.Contains(name) || (stopToken is not null && string.Equals(name, stopToken, StringComparison.OrdinalIgnoreCase));
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("::", StringComparison.Ordinal))
        {
            var end = trimmed.IndexOf("::", 2, StringComparison.Ordinal);
            if (end >= 0)
            {
                var info = trimmed[2..end];
                var name = info.Split(' ')[0];
                if (Known(name))
                    return new Parsed(name, Unescape(trimmed[(end + 2)..]), line);
            }
        }
        var legacy = line.IndexOf("##[", StringComparison.Ordinal);
        if (legacy >= 0)
        {
            var close = line.IndexOf(']', legacy);
            if (close >= 0)
            {
                var name = line[(legacy + 3)..close].Split(' ')[0];
                if (Known(name))
                    return new Parsed(name, line[(close + 1)..], line);
            }
        }
        return null;
    }

    private static IEnumerable<string> Lines(string output)
    {
        using var reader = new StringReader(output);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                yield return line;
        }
    }

    private static string WithoutInvisibles(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c != '\0' && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
                text.Append(c);
        }
        return text.ToString();
    }

    private static string Unescape(string data) =>
        data.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
}
