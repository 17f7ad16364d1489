using System.Text.Json;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Takes the failure text (or the skip reason) and the full text out of a logged result, JSON or
/// YAML. A failure's text is never left empty: `msg`; else `assertion` and `evaluated_to`; else
/// `cmd` and `rc`; else `reason`; else `exception`. When the text says little ("non-zero return code"),
/// what the command printed goes with it (<see cref="OutputExcerpt"/>).
/// </summary>
internal static partial class ResultPayload
{
    private static readonly string[] OutputFields = ["stderr", "stdout", "module_stderr", "module_stdout", "exception"];

    [GeneratedRegex(@"""msg""\s*:\s*""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonMessagePattern();

    public static void Attach(HostState state, string text, bool onlyMessage)
    {
        if (!onlyMessage && ChangedOf(text))
            state.AnyChanged = true;
        var fields = ResultFields.Parse(text);
        if (onlyMessage)
        {
            state.Message ??= Tidy(fields.Get("skip_reason"));
            return;
        }
        var message = Tidy(fields.Message());
        if (string.IsNullOrEmpty(state.Message))
            state.Message = message is { Length: > 0 } ? message : FallbackMessage(fields);
        if (message is null or "non-zero return code" || message.StartsWith("MODULE FAILURE", StringComparison.Ordinal))
            Offer(state, OutputOf(fields));
        AppendBody(state, text);
    }

    /// <summary>A field printed on a line of its own: ansible 1.x, the debug callback's blocks, Zuul.</summary>
    public static void AttachField(HostState state, string key, string value)
    {
        value = Tidy(value) ?? "";
        if (key == "msg" && string.IsNullOrEmpty(state.Message) && value.Length > 0)
            state.Message = value;
        else if (key is "stderr" or "stdout" && value.Length > 0)
            Offer(state, [CommandOutput.Of(key, value)]);
        AppendField(state, key, value);
    }

    /// <summary>A field kept in the result's text only: its output is offered apart (<see cref="Offer"/>).</summary>
    public static void AppendField(HostState state, string key, string value) =>
        AppendBody(state, $"{key}: {Tidy(value)}");

    /// <summary>
    /// The detail a result's output gives: the first one, unless a later one (a loop's next item, ansible
    /// 1.x's stdout after its stderr) says more.
    /// </summary>
    public static void Offer(HostState state, IReadOnlyList<CommandOutput> streams)
    {
        if (OutputExcerpt.Of(streams) is not { } excerpt
            || (state.Detail is not null && excerpt.Grade <= state.DetailGrade))
            return;
        (state.Detail, state.DetailGrade) = (excerpt.Text, excerpt.Grade);
    }

    private static void AppendBody(HostState state, string text)
    {
        state.Body ??= new StringBuilder();
        if (state.Body.Length > 0)
            state.Body.Append('\n');
        var room = ReportLimits.ResultBodyChars - state.Body.Length;
        if (room <= 0)
            return;
        state.Body.Append(text.Length <= room
            ? text
            : string.Concat(text.AsSpan(0, room), "\n[... cut: see console.html]"));
    }

    /// <summary>No `msg`: what the result's other fields say about the failure.</summary>
    private static string? FallbackMessage(ResultFields fields)
    {
        if (fields.Get("assertion") is { Length: > 0 } assertion)
        {
            var evaluated = fields.Get("evaluated_to");
            return evaluated is null
                ? $"assertion failed: {assertion}"
                : $"assertion failed: {assertion} (evaluated to {evaluated})";
        }
        if (fields.Get("cmd") is { Length: > 0 } cmd)
        {
            var rc = fields.Get("rc");
            return rc is null ? $"command failed: {Tidy(cmd)}" : $"command exited with rc {rc}: {Tidy(cmd)}";
        }
        if (Tidy(fields.Get("reason")) is { Length: > 0 } reason)
            return reason;
        return LastLine(fields.Get("exception")) ?? LastLine(fields.Get("module_stderr"));
    }

    private static List<CommandOutput> OutputOf(ResultFields fields)
    {
        var streams = new List<CommandOutput>(OutputFields.Length);
        foreach (var key in OutputFields)
        {
            if (Tidy(fields.Get(key)) is { Length: > 0 } value)
                streams.Add(CommandOutput.Of(key, value));
            else if (fields.Lines(key + "_lines") is { Count: > 0 } lines)
            {
                var output = new CommandOutput(key);
                foreach (var line in lines)
                    output.Add(line);
                streams.Add(output);
            }
        }
        return streams;
    }

    private static string? LastLine(string? text) =>
        Tidy(text)?.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    [GeneratedRegex(@"^(?:\{\s*|\s{4})""?changed""?:\s*true\b", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ChangedPattern();

    /// <summary>Whether the result says `"changed": true` at its top level.</summary>
    internal static bool ChangedOf(string text)
    {
        if (text.StartsWith("changed=true", StringComparison.Ordinal))
            return true;
        if (text.StartsWith('{') && !text.Contains('\n'))
            return TopLevelChanged(text);
        return ChangedPattern().IsMatch(Bounded(text));
    }

    private static bool TopLevelChanged(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("changed", out var changed)
                && changed.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return json.Contains("\"changed\": true", StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The message of a result (its `msg`, or `skip_reason`), for tests and callers that want only that.
    /// </summary>
    internal static string? MessageOf(string text, string key)
    {
        var fields = ResultFields.Parse(text);
        return Tidy(key == "msg" ? fields.Message() : fields.Get(key));
    }

    /// <summary>
    /// JSON that does not parse (cut, or not quite JSON): its `msg` by pattern, from a bounded start.
    /// </summary>
    internal static string? MessageByPattern(string text)
    {
        var match = JsonMessagePattern().Match(Bounded(text));
        return match.Success ? Unescape(match.Groups[1].Value) : null;
    }

    /// <summary>Patterns only ever see the start of a result: its body is kept to this size anyway.</summary>
    private static string Bounded(string text) =>
        text.Length <= ReportLimits.ResultBodyChars ? text : text[..ReportLimits.ResultBodyChars];

    /// <summary>Messages often end in "\r\n" (ssh, shell output): the summary wants plain lines.</summary>
    internal static string? Tidy(string? message) => message?.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static string Unescape(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<string>($"\"{value}\"") ?? value;
        }
        catch (JsonException)
        {
            return value;
        }
    }
}
