using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Traas.Reporting.Model;

namespace Traas.Reporting.Parsing;

/// <summary>Takes the message (`msg`, or `skip_reason`) and the full text out of a logged result.</summary>
internal static partial class ResultPayload
{
    [GeneratedRegex(@"""msg""\s*:\s*""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonMessagePattern();

    [GeneratedRegex(@"^\s*(?:msg|skip_reason):\s?(.*)$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex YamlMessagePattern();

    public static void Attach(HostState state, string text, bool onlyMessage)
    {
        if (!onlyMessage && ChangedOf(text))
            state.AnyChanged = true;
        var message = MessageOf(text, onlyMessage ? "skip_reason" : "msg");
        if (message is not null && (state.Message is null || onlyMessage is false))
            state.Message ??= message;
        if (!onlyMessage && message == "non-zero return code")
            state.Detail ??= CommandOutputTail(text);
        if (onlyMessage)
            return;
        state.Body ??= new StringBuilder();
        if (state.Body.Length > 0)
            state.Body.Append('\n');
        var room = ReportLimits.ResultBodyChars - state.Body.Length;
        if (room <= 0)
            return;
        state.Body.Append(text.Length <= room ? text : string.Concat(text.AsSpan(0, room), "\n[... cut: see console.html]"));
    }

    [GeneratedRegex(@"^(?:\{\s*|\s{4})""?changed""?:\s*true\b", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ChangedPattern();

    /// <summary>Whether the result says `"changed": true` at its top level.</summary>
    internal static bool ChangedOf(string text) =>
        text.StartsWith('{') && !text.Contains('\n') ? TopLevelChanged(text) : ChangedPattern().IsMatch(text);

    private static bool TopLevelChanged(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return json.Contains("\"changed\": true", StringComparison.Ordinal);
        }
    }

    internal static string? MessageOf(string text, string key)
    {
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
                return Tidy(MessageOf(document.RootElement, key));
            }
            catch (JsonException)
            {
                var match = JsonMessagePattern().Match(text);
                if (match.Success)
                    return Tidy(Unescape(match.Groups[1].Value));
            }
            return null;
        }
        foreach (Match match in YamlMessagePattern().Matches(text))
        {
            if (match.Value.TrimStart().StartsWith(key, StringComparison.Ordinal))
                return Tidy(match.Groups[1].Value.Trim().Trim('\'', '"'));
        }
        return null;
    }

    private const int DetailLines = 10;

    /// <summary>The last lines of stderr, else of stdout, of a failed command's JSON result.</summary>
    internal static string? CommandOutputTail(string text)
    {
        if (!text.StartsWith('{'))
            return null;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
            foreach (var key in (string[])["stderr", "stdout"])
            {
                if (document.RootElement.TryGetProperty(key, out var output) && output.ValueKind == JsonValueKind.String
                    && Tidy(output.GetString()) is { Length: > 0 } value)
                    return string.Join('\n', value.Split('\n').TakeLast(DetailLines));
                if (document.RootElement.TryGetProperty(key + "_lines", out var lines) && lines.ValueKind == JsonValueKind.Array
                    && lines.GetArrayLength() > 0)
                    return string.Join('\n', lines.EnumerateArray().Select(l => l.ToString()).TakeLast(DetailLines));
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string? MessageOf(JsonElement root, string key)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        if (root.TryGetProperty(key, out var value))
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        // A loop's aggregate result carries the messages in its items.
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in results.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("failed", out var failed)
                    && failed.ValueKind == JsonValueKind.True && MessageOf(item, key) is { } message)
                    return message;
            }
        }
        return null;
    }

    /// <summary>Messages often end in "\r\n" (ssh, shell output): the summary wants plain lines.</summary>
    private static string? Tidy(string? message) => message?.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

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
