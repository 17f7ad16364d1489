namespace Traas.Reporting.Parsing;

/// <summary>
/// A bash xtrace line: `+ cmd`, or with tripleo-ci's PS4, `+(file:line): func(): cmd`.
/// Depth is the number of leading `+` (subshell and command-substitution nesting).
/// </summary>
internal sealed record XtraceCommand(int Depth, string? File, int? SourceLine, string? Function, string Command)
{
    public static XtraceCommand? TryParse(string content)
    {
        var depth = 0;
        while (depth < content.Length && content[depth] == '+')
            depth++;
        if (depth == 0 || depth >= content.Length)
            return null;
        if (content[depth] == ' ')
            return new XtraceCommand(depth, null, null, null, content[(depth + 1)..]);
        if (content[depth] != '(')
            return null;
        var close = content.IndexOf("): ", depth, StringComparison.Ordinal);
        if (close < 0)
            return null;
        var location = content.AsSpan(depth + 1, close - depth - 1);
        var colon = location.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(location[(colon + 1)..], out var sourceLine))
            return null;
        var rest = content[(close + 3)..];
        string? function = null;
        var call = rest.IndexOf("(): ", StringComparison.Ordinal);
        if (call > 0 && !rest.AsSpan(0, call).ContainsAny(' ', '\'', '"'))
        {
            function = rest[..call];
            rest = rest[(call + 4)..];
        }
        return new XtraceCommand(depth, location[..colon].ToString(), sourceLine, function, rest);
    }

    /// <summary>
    /// Whether a single-quoted string is still open at the end of <paramref name="text"/>, starting
    /// with <paramref name="open"/>. xtrace quotes values with '...' and writes a quote as '\''.
    /// </summary>
    public static bool EndsInsideQuotes(string text, bool open)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (open)
            {
                if (c == '\'')
                    open = false;
            }
            else if (c == '\\')
                i++;
            else if (c == '\'')
                open = true;
        }
        return open;
    }
}
