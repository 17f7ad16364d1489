using System.Text.Json;

namespace Traas.Reporting.Parsing;

/// <summary>
/// The top-level fields of a logged result: JSON (the default callback), or YAML (the yaml callbacks,
/// `result_format=yaml`: `changed=false` on the result's line, then `  msg: |-` and its block).
/// </summary>
internal sealed class ResultFields
{
    private static readonly ResultFields Empty = new(null, null, null);

    private readonly JsonElement? _json;
    private readonly string[]? _yaml;
    private readonly string? _patternMessage;

    private ResultFields(JsonElement? json, string[]? yaml, string? patternMessage)
    {
        _json = json;
        _yaml = yaml;
        _patternMessage = patternMessage;
    }

    public static ResultFields Parse(string text)
    {
        if (text.Length == 0)
            return Empty;
        if (!text.StartsWith('{'))
            return new ResultFields(null, text.Split('\n'), null);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new ResultFields(document.RootElement.Clone(), null, null)
                : Empty;
        }
        catch (JsonException)
        {
            return new ResultFields(null, null, ResultPayload.MessageByPattern(text));
        }
    }

    /// <summary>`msg`, or for a loop's aggregate result the first failed item's.</summary>
    public string? Message()
    {
        if (_json is not { } root)
            return _patternMessage ?? Get("msg");
        if (Get(root, "msg") is { } message)
            return message;
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in results.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("failed", out var failed)
                    && failed.ValueKind == JsonValueKind.True && Get(item, "msg") is { } itemMessage)
                    return itemMessage;
            }
        }
        return null;
    }

    public string? Get(string key)
    {
        if (_json is { } root)
            return Get(root, key);
        return _yaml is null ? null : Yaml(_yaml, key);
    }

    /// <summary>A list of strings (`stderr_lines`).</summary>
    public IReadOnlyList<string>? Lines(string key)
    {
        if (_json is not { } root || !root.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Array)
            return null;
        return [.. value.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() ?? "" : l.GetRawText())];
    }

    private static string? Get(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>The shallowest `key:` of a YAML result, block scalars (`|`, `|-`, `>`) included.</summary>
    private static string? Yaml(string[] lines, string key)
    {
        var first = FirstLineField(lines[0], key);
        if (first is not null)
            return first;
        int best = -1, bestIndent = int.MaxValue;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ').Length;
            if (indent < bestIndent && line.AsSpan(indent).StartsWith(key, StringComparison.Ordinal)
                && line.Length > indent + key.Length && line[indent + key.Length] == ':')
                (best, bestIndent) = (i, indent);
        }
        if (best < 0)
            return null;
        var value = lines[best][(bestIndent + key.Length + 1)..].Trim();
        if (value is not ("|" or "|-" or "|+" or ">" or ">-" or ">+"))
            return value.Trim('\'', '"');
        var block = new List<string>();
        for (var i = best + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length > 0 && line.Length - line.TrimStart(' ').Length <= bestIndent)
                break;
            block.Add(line);
        }
        var margin = block.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length)
            .DefaultIfEmpty(0).Min();
        var text = block.Select(l => l.Length >= margin ? l[margin..] : l.Trim());
        return string.Join(value[0] == '>' ? " " : "\n", text).Trim();
    }

    /// <summary>`changed=false rc=2` on the result's own line.</summary>
    private static string? FirstLineField(string line, string key)
    {
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length > key.Length && part.StartsWith(key, StringComparison.Ordinal) && part[key.Length] == '=')
                return part[(key.Length + 1)..];
        }
        return null;
    }
}
