namespace Traas.Tool.Config;

/// <summary>
/// The options of the keystoneauth plugins traas-ci supports, as keystoneauth1 lists them
/// (loading.get_plugin_loader(name).get_options()): name, then deprecated names.
/// </summary>
internal static class AuthPlugins
{
    private static readonly string[][] Scope =
    [
        ["auth_url"], ["system_scope"], ["domain_id"], ["domain_name"],
    ];

    private static readonly string[][] Password =
    [
        .. Scope,
        ["project_id", "tenant_id"], ["project_name", "tenant_name"], ["project_domain_id"], ["project_domain_name"],
        ["trust_id"], ["default_domain_id"], ["default_domain_name"],
        ["user_id"], ["username", "user_name"], ["user_domain_id"], ["user_domain_name"], ["password"],
    ];

    private static readonly string[][] Token =
    [
        .. Scope,
        ["project_id", "tenant_id"], ["project_name", "tenant_name"], ["project_domain_id"], ["project_domain_name"],
        ["trust_id"], ["default_domain_id"], ["default_domain_name"], ["token"],
    ];

    private static readonly string[][] ApplicationCredential =
    [
        .. Scope,
        ["project_id"], ["project_name"], ["project_domain_id"], ["project_domain_name"], ["trust_id"],
        ["user_id"], ["username", "user_name"], ["user_domain_id"], ["user_domain_name"],
        ["application_credential_secret"], ["application_credential_id"], ["application_credential_name"],
    ];

    private static readonly Dictionary<string, string[][]> Plugins = new(StringComparer.Ordinal)
    {
        ["password"] = Password,
        ["v3password"] = Password
            .Where(o => o[0] is not ("default_domain_id" or "default_domain_name"))
            .Select(o => o[0] is "project_id" or "project_name" ? [o[0]] : o)
            .ToArray(),
        ["token"] = Token,
        ["v3token"] = Token
            .Where(o => o[0] is not ("default_domain_id" or "default_domain_name"))
            .Select(o => o[0] is "project_id" or "project_name" ? [o[0]] : o)
            .ToArray(),
        ["v3applicationcredential"] = ApplicationCredential,
    };

    public static IReadOnlyCollection<string> Names => Plugins.Keys;

    public static string[][]? OptionsOf(string authType) => Plugins.GetValueOrDefault(authType);
}
