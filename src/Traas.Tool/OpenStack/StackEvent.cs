namespace Traas.Tool.OpenStack;

/// <summary>One stack event, as `openstack stack event list` shows it.</summary>
internal sealed record StackEvent(string Id, DateTimeOffset Time, string StackName, string ResourceName, string Status,
    string? Reason)
{
    internal static StackEvent From(JsonNode e)
    {
        var stackName = e["links"]?.AsArray().OfType<JsonObject>().Where(l => (string?)l["rel"] == "stack")
            .Select(l => ((string?)l["href"] ?? "").Split('/')).Where(p => p.Length >= 2).Select(p => p[^2])
            .FirstOrDefault() ?? "";
        // Heat writes event_time in UTC, with or without a trailing Z depending on the release.
        var time = DateTimeOffset.Parse((string)e["event_time"]!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);
        return new StackEvent((string)e["id"]!, time,
            stackName, (string)e["resource_name"]!, $"{e["resource_status"]}", (string?)e["resource_status_reason"]);
    }

    /// <summary>
    /// "2026-11-24 14:01:17Z [stack.resource]: CREATE_COMPLETE  reason", the openstack client's form.
    /// </summary>
    public override string ToString() =>
        ($"{Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ["
            + $"{(ResourceName == StackName ? StackName : $"{StackName}.{ResourceName}")}]: "
            + $"{Status}  {Reason}").TrimEnd();
}
