using Traas.Tool.Config;

namespace Traas.Tool.OpenStack;

/// <summary>The body of POST /v3/auth/tokens for each auth type (identity API v3 reference).</summary>
internal static class KeystoneRequests
{
    public static JsonObject Body(CloudConfig cloud)
    {
        var auth = cloud.Auth;
        JsonObject identity = cloud.AuthType switch
        {
            "password" or "v3password" => new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = User(auth, withPassword: true) },
            },
            "token" or "v3token" => new JsonObject
            {
                ["methods"] = new JsonArray("token"),
                ["token"] = new JsonObject { ["id"] = Required(auth, "token", cloud) },
            },
            "v3applicationcredential" => new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = ApplicationCredential(auth, cloud),
            },
            _ => throw new TraasException(ExitCodes.BadInput,
                $"auth_type '{cloud.AuthType}' of cloud '{cloud.Name}' is not supported."),
        };
        var body = new JsonObject { ["auth"] = new JsonObject { ["identity"] = identity } };
        // An application credential carries its own scope.
        if (cloud.AuthType != "v3applicationcredential" && Scope(auth) is { } scope)
            body["auth"]!["scope"] = scope;
        return body;
    }

    private static JsonObject User(IReadOnlyDictionary<string, string> auth, bool withPassword)
    {
        var user = auth.TryGetValue("user_id", out var id)
            ? new JsonObject { ["id"] = id }
            : new JsonObject { ["name"] = auth.GetValueOrDefault("username"), ["domain"] = Domain(auth, "user") };
        if (withPassword)
            user["password"] = auth.GetValueOrDefault("password");
        return user;
    }

    private static JsonObject ApplicationCredential(IReadOnlyDictionary<string, string> auth, CloudConfig cloud)
    {
        var credential = auth.TryGetValue("application_credential_id", out var id)
            ? new JsonObject { ["id"] = id }
            : new JsonObject
            {
                ["name"] = Required(auth, "application_credential_name", cloud),
                ["user"] = User(auth, withPassword: false),
            };
        credential["secret"] = Required(auth, "application_credential_secret", cloud);
        return credential;
    }

    private static JsonObject? Scope(IReadOnlyDictionary<string, string> auth)
    {
        if (auth.TryGetValue("project_id", out var projectId))
            return new JsonObject { ["project"] = new JsonObject { ["id"] = projectId } };
        if (auth.TryGetValue("project_name", out var projectName))
        {
            return new JsonObject
            {
                ["project"] = new JsonObject { ["name"] = projectName, ["domain"] = Domain(auth, "project") },
            };
        }
        if (auth.TryGetValue("domain_id", out var domainId))
            return new JsonObject { ["domain"] = new JsonObject { ["id"] = domainId } };
        if (auth.TryGetValue("domain_name", out var domainName))
            return new JsonObject { ["domain"] = new JsonObject { ["name"] = domainName } };
        return null;
    }

    /// <summary>keystoneauth's rule: the user's (or project's) own domain, else the default domain.</summary>
    private static JsonObject Domain(IReadOnlyDictionary<string, string> auth, string owner) =>
        auth.TryGetValue($"{owner}_domain_id", out var id) ? new JsonObject { ["id"] = id }
        : auth.TryGetValue($"{owner}_domain_name", out var name) ? new JsonObject { ["name"] = name }
        : auth.TryGetValue("default_domain_id", out var defaultId) ? new JsonObject { ["id"] = defaultId }
        : auth.TryGetValue("default_domain_name", out var defaultName) ? new JsonObject { ["name"] = defaultName }
        : new JsonObject { ["id"] = "default" };

    private static string Required(IReadOnlyDictionary<string, string> auth, string key, CloudConfig cloud) =>
        auth.GetValueOrDefault(key) ?? throw new TraasException(ExitCodes.BadInput,
            $"cloud '{cloud.Name}' (auth_type {cloud.AuthType}) needs auth.{key}; add it in "
                + $"{cloud.SourceFile ?? "the OS_* variables"}.");
}
