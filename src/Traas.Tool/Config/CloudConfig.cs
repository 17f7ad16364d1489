namespace Traas.Tool.Config;

/// <summary>One cloud, resolved the way the openstack client resolves it.</summary>
/// <param name="Auth">
/// The auth plugin's options (auth_url, username, password, ...). Holds secrets: never log it.
/// </param>
/// <param name="Verify">False when TLS certificates are not checked (verify: false or insecure: true).</param>
/// <param name="CaCertFile">A CA bundle to check the cloud's certificates against, when given and verifying.</param>
internal sealed record CloudConfig(
    string Name,
    string AuthType,
    IReadOnlyDictionary<string, string> Auth,
    string? RegionName,
    string Interface,
    bool Verify,
    string? CaCertFile,
    string? SourceFile)
{
    /// <summary>
    /// clouds.yaml's &lt;service&gt;_endpoint_override keys (e.g. orchestration), as openstacksdk reads them.
    /// </summary>
    public IReadOnlyDictionary<string, string> EndpointOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>The values that are secrets, to mask in logs and messages.</summary>
    public IEnumerable<string> Secrets => Auth
        .Where(a => a.Key is "password" or "token" or "application_credential_secret" && a.Value.Length > 0)
        .Select(a => a.Value);
}
