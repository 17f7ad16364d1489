namespace Traas.Tool.OpenStack;

/// <summary>The catalog Keystone returns with a token: which URL serves which service, where.</summary>
internal sealed class ServiceCatalog(JsonArray catalog, string projectId)
{
    /// <summary>
    /// The endpoint of a service type for an interface (public, internal, admin) and region, with
    /// %(tenant_id)s and %(project_id)s replaced by the token's project, as keystoneauth does.
    /// </summary>
    public string Endpoint(string serviceType, string @interface, string? region)
    {
        var wanted = @interface.EndsWith("URL", StringComparison.Ordinal) ? @interface[..^3] : @interface;
        var endpoints = catalog.OfType<JsonObject>().Where(s => Text(s["type"]) == serviceType)
            .SelectMany(s => (s["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? []).ToList();
        var match = endpoints.FirstOrDefault(e => Text(e["interface"]) == wanted && Text(e["url"]) is not null
            && (region is null || Text(e["region_id"]) == region || Text(e["region"]) == region));
        if (match is null)
        {
            var seen = endpoints.Count == 0
                ? "none"
                : string.Join(", ", endpoints.Select(e => $"{e["interface"]} in {e["region_id"] ?? e["region"]}"));
            throw new TraasException(ExitCodes.CloudError,
                $"the cloud's catalog has no {wanted} {serviceType} endpoint"
                    + $"{(region is null ? "" : $" in region {region}")} (it has: "
                    + $"{seen}). Check region_name and interface in clouds.yaml.");
        }
        return Text(match["url"])!.Replace("%(tenant_id)s", projectId, StringComparison.Ordinal)
            .Replace("%(project_id)s", projectId, StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>A string of the catalog, or null: it is the cloud's answer, which may be malformed.</summary>
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
