namespace Traas.Tool.Config;

internal sealed partial class CloudConfigLoader
{
    private sealed record Region(string Name, Dictionary<string, object?> Values);

    /// <summary>openstacksdk's _get_region: the named region, or the cloud's first, or none.</summary>
    private Region ChooseRegion(string cloud, Dictionary<string, object?> ourCloud, string regionName)
    {
        var normalized = NormalizeKeys(ourCloud);
        List<Region>? regions = null;
        if (normalized.GetValueOrDefault("regions") is List<object?> list)
            regions = list.Select(r => ExpandRegion(cloud, r)).ToList();
        else if (normalized.GetValueOrDefault("region_name") is { } names)
        {
            var all = names is List<object?> many
                ? many.Select(n => n?.ToString() ?? "")
                : (names.ToString() ?? "").Split(',');
            regions = all.Select(n => new Region(n, [])).ToList();
        }
        if (regions is null || regions.Count == 0)
            return new Region(regionName, []);
        if (regionName.Length == 0)
            return regions[0];
        return regions.Find(r => r.Name == regionName) ?? throw new TraasException(ExitCodes.BadInput,
            $"region '{regionName}' is not a region of cloud '{cloud}'; it has "
                + $"{string.Join(", ", regions.Select(r => r.Name))} (region names are case sensitive).");
    }

    private static Region ExpandRegion(string cloud, object? entry)
    {
        if (entry is not Dictionary<string, object?> map)
            return new Region(entry?.ToString() ?? "", []);
        if (map.GetValueOrDefault("name") is not { } name || map.Keys.Any(k => k is not ("name" or "values")))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cloud '{cloud}' has a region entry that is neither a name nor "
                    + "{name, values}; fix its regions list.");
        }
        return new Region(name.ToString() ?? "", map.GetValueOrDefault("values") as Dictionary<string, object?> ?? []);
    }

    /// <summary>openstacksdk's magic_fixes: legacy and alternative keys become today's.</summary>
    private static Dictionary<string, object?> MagicFixes(Dictionary<string, object?> config)
    {
        var auth = Auth(config);
        if (auth.ContainsKey("token") || Truthy(config.GetValueOrDefault("auth_token"))
            || Truthy(config.GetValueOrDefault("token")))
        {
            var authToken = config.GetValueOrDefault("auth_token");
            config.Remove("auth_token");
            config.TryAdd("token", authToken);
        }
        if (config.Remove("endpoint_type", out var endpointType))
            config["interface"] = endpointType;
        // auth_plugin is the old name of auth_type; auth_type wins when both are there.
        object? authType = null;
        foreach (var key in new[] { "auth_plugin", "auth_type" })
        {
            if (config.Remove(key, out var value))
                authType = value;
        }
        config["auth_type"] = authType;
        FixProjectKeys(config, auth);
        foreach (var key in config.Keys.Where(k => k.EndsWith("endpoint_type", StringComparison.Ordinal)).ToList())
        {
            config[key.Replace("endpoint_type", "interface", StringComparison.Ordinal)] = config[key];
            config.Remove(key);
        }
        SpreadDomain(config, auth);
        foreach (var key in new[] { "insecure", "cache" })
        {
            if (config.TryGetValue(key, out var value) && value is not bool)
                config[key] = IsTrue(value);
        }
        return config;
    }

    /// <summary>openstacksdk's _fix_backwards_project: tenant_* become project_*, domain keys move into auth.</summary>
    private static void FixProjectKeys(Dictionary<string, object?> config, Dictionary<string, object?> auth)
    {
        var v2 = config.GetValueOrDefault("auth_type") as string == "v2password";
        (string Target, string[] Aliases)[] mappings =
        [
            ("domain_id", ["domain_id", "domain-id"]),
            ("domain_name", ["domain_name", "domain-name"]),
            ("user_domain_id", ["user_domain_id", "user-domain-id"]),
            ("user_domain_name", ["user_domain_name", "user-domain-name"]),
            ("project_domain_id", ["project_domain_id", "project-domain-id"]),
            ("project_domain_name", ["project_domain_name", "project-domain-name"]),
            ("token", ["auth-token", "auth_token", "token"]),
            (v2 ? "tenant_id" : "project_id", v2
                ? ["project_id", "project-id", "tenant_id", "tenant-id"]
                : ["tenant_id", "tenant-id", "project_id", "project-id"]),
            (v2 ? "tenant_name" : "project_name", v2
                ? ["project_name", "project-name", "tenant_name", "tenant-name"]
                : ["tenant_name", "tenant-name", "project_name", "project-name"]),
        ];
        foreach (var (target, aliases) in mappings)
        {
            string? winner = null;
            foreach (var alias in aliases)
            {
                if (config.Remove(alias, out var top))
                    winner = PyStr(top);
                if (auth.Remove(alias, out var inAuth))
                    winner = PyStr(inAuth);
            }
            if (!string.IsNullOrEmpty(winner))
                auth[target] = winner;
        }
    }

    /// <summary>openstacksdk's _handle_domain_id: one domain given for a project scope is both domains.</summary>
    private static void SpreadDomain(Dictionary<string, object?> config, Dictionary<string, object?> auth)
    {
        var projectScoped = config.ContainsKey("project_id") || config.ContainsKey("project_name")
            || auth.ContainsKey("project_id") || auth.ContainsKey("project_name");
        foreach (var (target, keys) in new[]
        {
            ("domain_id", new[] { "user_domain_id", "project_domain_id" }),
            ("domain_name", new[] { "user_domain_name", "project_domain_name" }),
        })
        {
            if (!projectScoped)
            {
                if (config.ContainsKey(target) && !auth.ContainsKey(target))
                {
                    auth[target] = config[target];
                    config.Remove(target);
                }
                continue;
            }
            foreach (var key in keys)
            {
                if (auth.TryGetValue(target, out var domain) && !auth.ContainsKey(key))
                    auth[key] = domain;
            }
            config.Remove(target);
            auth.Remove(target);
        }
    }

    /// <summary>
    /// openstacksdk's _validate_auth: the plugin's options move into auth, under their current names.
    /// </summary>
    private static void ValidateAuth(Dictionary<string, object?> config)
    {
        var authType = config.GetValueOrDefault("auth_type") as string;
        var options = AuthPlugins.OptionsOf(authType ?? "") ?? throw new TraasException(ExitCodes.BadInput,
            $"auth_type '{authType}' is not supported by traas-ci; use one of {string.Join(", ", AuthPlugins.Names)}.");
        var auth = Auth(config);
        foreach (var names in options)
        {
            var winner = Find(auth, names);
            if (!Truthy(winner))
                winner = Find(config, names);
            foreach (var name in names)
            {
                config.Remove(name);
                auth.Remove(name);
            }
            if (Truthy(winner))
                auth[names[0]] = winner;
        }
    }

    private static object? Find(Dictionary<string, object?> source, string[] names)
    {
        foreach (var name in names)
        {
            if (source.TryGetValue(name, out var value))
                return value;
        }
        return null;
    }

    private CloudConfig ToCloudConfig(string name, Dictionary<string, object?> config)
    {
        var auth = Auth(config).Where(a => a.Value is not null)
            .ToDictionary(a => a.Key, a => PyStr(a.Value), StringComparer.Ordinal);
        // cloud_region.get_requests_verify_args: insecure wins, then verify; a CA file only when verifying.
        var verify = !(config.GetValueOrDefault("insecure") is true)
            && (!config.TryGetValue("verify", out var v) || Truthy(v));
        var cacert = verify ? config.GetValueOrDefault("cacert") as string : null;
        if (cacert is not null && cacert.StartsWith('~'))
            cacert = Path.Combine(_environment.GetValueOrDefault("HOME") ?? "", cacert.TrimStart('~', '/'));
        var overrides = config
            .Where(p => p.Key.EndsWith("_endpoint_override", StringComparison.Ordinal)
                && p.Value is string { Length: > 0 })
            .ToDictionary(p => p.Key[..^"_endpoint_override".Length], p => (string)p.Value!, StringComparer.Ordinal);
        return new CloudConfig(name, (string)config["auth_type"]!, auth,
            config.GetValueOrDefault("region_name") as string is { Length: > 0 } r ? r : null,
            config.GetValueOrDefault("interface") as string ?? "public", verify, cacert, SourceFile)
        { EndpointOverrides = overrides };
    }

    /// <summary>openstacksdk's normalize_keys: '-' becomes '_' in keys, numbers become strings.</summary>
    private static Dictionary<string, object?> NormalizeKeys(Dictionary<string, object?> config) =>
        config.ToDictionary(p => p.Key.Replace('-', '_'), p => p.Value switch
        {
            Dictionary<string, object?> nested => NormalizeKeys(nested),
            bool b => b,
            long or double when p.Key is not ("verbose_level" or "api_timeout") => PyStr(p.Value),
            _ => p.Value,
        }, StringComparer.Ordinal);

    /// <summary>Python's str() of a YAML value.</summary>
    private static string PyStr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        _ => true,
    };

    /// <summary>openstacksdk's get_boolean.</summary>
    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        _ => string.Equals(PyStr(value), "true", StringComparison.OrdinalIgnoreCase),
    };
}
