namespace Traas.Tool.OpenStack;

/// <summary>One resource of a stack (or of a nested stack, with its parent's path).</summary>
internal sealed record StackResource(string Name, string Type, string Status, string? Reason, string? PhysicalId,
    string StackId, string StackName)
{
    internal static StackResource From(JsonObject r)
    {
        var stackLink = r["links"]?.AsArray().OfType<JsonObject>().FirstOrDefault(l => (string?)l["rel"] == "stack");
        var parts = ((string?)stackLink?["href"] ?? "").Split('/');
        return new StackResource((string)r["resource_name"]!, (string?)r["resource_type"] ?? "",
            (string)r["resource_status"]!,
            (string?)r["resource_status_reason"], (string?)r["physical_resource_id"] is { Length: > 0 } id ? id : null,
            parts.Length >= 1 ? parts[^1] : "", parts.Length >= 2 ? parts[^2] : "");
    }
}
