namespace Traas.Tool.OpenStack;

/// <summary>A Heat stack as `stack show` returns it.</summary>
internal sealed record Stack(string Id, string Name, string Status, string? StatusReason,
    IReadOnlyDictionary<string, JsonNode?> Outputs)
{
    /// <summary>When Heat created it (creation_time, UTC), when the answer gives it.</summary>
    public DateTimeOffset? CreationTime { get; init; }

    /// <summary>Its tags (Heat's stack list and show give them; an older Heat may not).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool IsInProgress => Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal);

    /// <summary>The outputs as one JSON object, keys sorted.</summary>
    public JsonObject OutputsJson()
    {
        var outputs = new JsonObject();
        foreach (var (key, value) in Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            outputs[key] = value?.DeepClone();
        return outputs;
    }

    internal static Stack From(JsonNode stack)
    {
        var outputs = stack["outputs"]?.AsArray().OfType<JsonObject>()
            .ToDictionary(o => (string)o["output_key"]!, o => o["output_value"]?.DeepClone(), StringComparer.Ordinal)
            ?? new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        return new Stack((string)stack["id"]!, (string)stack["stack_name"]!, (string)stack["stack_status"]!,
            (string?)stack["stack_status_reason"], outputs)
        {
            // Heat writes "2026-11-24T10:00:00Z" or, in older releases, without the zone: both are UTC.
            CreationTime = DateTimeOffset.TryParse((string?)stack["creation_time"],
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal
                    | System.Globalization.DateTimeStyles.AdjustToUniversal,
                out var created) ? created : null,
            Tags = stack["tags"] is JsonArray tags
                ? [.. tags.Select(t => t is JsonValue v && v.TryGetValue<string>(out var tag) ? tag : null)
                    .OfType<string>()]
                : [],
        };
    }
}
