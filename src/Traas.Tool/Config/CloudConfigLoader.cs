namespace Traas.Tool.Config;

/// <summary>
/// Resolves a cloud from clouds.yaml, secure.yaml and OS_* variables exactly as openstacksdk's
/// OpenStackConfig().get_one(cloud) does: the same files in the same order, OS_* variables as a cloud
/// of their own ("envvars", the default when no OS_CLOUD names another), the same region choice and
/// the same fixes of legacy keys. Checked against openstacksdk by a differential test.
/// </summary>
internal sealed partial class CloudConfigLoader
{
    private const string EnvvarsCloud = "envvars";
    private static readonly string[] Selectors =
        ["OS_CLOUD", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE", "OS_CLOUD_NAME"];

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Dictionary<string, object?> _clouds;
    private readonly string _envvarsKey;
    private readonly string? _defaultCloud;

    public CloudConfigLoader(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        _environment = environment;
        var files = CloudsFiles.Locate(environment, currentDirectory);
        (SourceFile, var config) = CloudsFiles.LoadFirst(files.Clouds);
        var (_, secure) = CloudsFiles.LoadFirst(files.Secure);
        config = MergeClouds(config, secure);
        _clouds = config.GetValueOrDefault("clouds") as Dictionary<string, object?> ?? [];
        _envvarsKey = Env("OS_CLOUD_NAME") ?? EnvvarsCloud;
        if (_clouds.ContainsKey(_envvarsKey))
            throw new TraasException(ExitCodes.BadInput,
                $"{SourceFile} defines a cloud named \"{_envvarsKey}\", the name OS_CLOUD_NAME (default \"envvars\") "
                    + "gives the cloud made of OS_* variables. Rename one of them.");
        _defaultCloud = Env("OS_CLOUD");
        if (EnvironmentCloud() is { } fromEnvironment)
        {
            _clouds[_envvarsKey] = fromEnvironment;
            _defaultCloud ??= _envvarsKey;
        }
        if (_defaultCloud is null && _clouds.Count == 1)
            _defaultCloud = _clouds.Keys.First();
    }

    /// <summary>The clouds.yaml that was read, if any.</summary>
    public string? SourceFile { get; }

    /// <param name="cloudName">--os-cloud; OS_CLOUD (or the only cloud) when null.</param>
    /// <param name="regionName">--os-region-name; the cloud's first region when null.</param>
    public CloudConfig Resolve(string? cloudName, string? regionName = null)
    {
        var name = cloudName ?? _defaultCloud ?? throw new TraasException(ExitCodes.BadInput, NoCloudMessage());
        if (!_clouds.TryGetValue(name, out var found))
            throw new TraasException(ExitCodes.BadInput, UnknownCloudMessage(name));
        if (found is not Dictionary<string, object?> ourCloud)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cloud '{name}' in {SourceFile ?? "clouds.yaml"} is not a mapping of settings "
                    + "(auth, region_name, ...); fix it.");
        }
        var config = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["auth_type"] = "password",
            ["interface"] = "public",
            ["auth"] = new Dictionary<string, object?>(),
        };
        AuthUpdate(config, ourCloud);
        config.Remove("cloud");

        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        var region = ChooseRegion(name, ourCloud, regionName ?? "");
        args["region_name"] = region.Name;
        config.Remove("regions");
        foreach (var source in new[] { region.Values, args })
        {
            foreach (var (key, value) in source)
            {
                if (value is null)
                    continue;
                if (key == "auth" && value is Dictionary<string, object?> auth)
                    Auth(config).AddRange(auth);
                else
                    config[key] = value;
            }
        }
        config = NormalizeKeys(MagicFixes(config));
        ValidateAuth(config);
        return ToCloudConfig(name, config);
    }

    private string? Env(string key) => _environment.GetValueOrDefault(key) is { Length: > 0 } value ? value : null;

    private string NoCloudMessage() => (SourceFile, _clouds.Count) switch
    {
        (null, _) => "no cloud to use: no clouds.yaml was found "
            + "(looked in OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/ and /etc/openstack/) "
            + "and no OS_* variables are set. Write a clouds.yaml, or set OS_AUTH_URL, OS_USERNAME and the rest.",
        (_, 0) => $"{SourceFile} has no clouds: it needs a `clouds:` mapping of cloud names to their settings. "
            + "Add a cloud to it, or set OS_AUTH_URL, OS_USERNAME and the rest.",
        _ => $"{SourceFile} defines several clouds ({string.Join(", ", _clouds.Keys.Order(StringComparer.Ordinal))}); "
            + "say which with --os-cloud or OS_CLOUD.",
    };

    private string UnknownCloudMessage(string name) => SourceFile is null
        ? $"cloud '{name}' was not found: no clouds.yaml was found "
            + "(looked in OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/ and /etc/openstack/)."
        : $"cloud '{name}' was not found in {SourceFile}; it defines {(_clouds.Count == 0
            ? "no clouds"
            : string.Join(", ", _clouds.Keys.Order(StringComparer.Ordinal)))}. Check --os-cloud or OS_CLOUD.";

    /// <summary>
    /// openstacksdk's _get_os_environ: every OS_* variable, lower-cased without its prefix, over the defaults.
    /// </summary>
    private Dictionary<string, object?>? EnvironmentCloud()
    {
        var keys = _environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)
            && !k.StartsWith("OS_TEST", StringComparison.Ordinal) && !k.StartsWith("OS_STD", StringComparison.Ordinal)
            && !k.StartsWith("OS_LOG", StringComparison.Ordinal)).ToList();
        if (keys.All(k => Selectors.Contains(k)))
            return null;
        var cloud = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["auth_type"] = "password",
            ["interface"] = "public",
        };
        foreach (var key in keys)
            cloud[key[3..].ToLowerInvariant()] = _environment[key];
        return cloud;
    }

    private static Dictionary<string, object?> Auth(Dictionary<string, object?> config)
    {
        if (config.GetValueOrDefault("auth") is not Dictionary<string, object?> auth)
        {
            auth = new Dictionary<string, object?>(StringComparer.Ordinal);
            config["auth"] = auth;
        }
        return auth;
    }

    /// <summary>openstacksdk's _auth_update: dict.update, except that "auth" is merged.</summary>
    private static void AuthUpdate(Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
        {
            if (key == "auth" && value is Dictionary<string, object?> auth)
                Auth(target).AddRange(auth);
            else
                target[key] = DeepCopy(value);
        }
    }

    /// <summary>openstacksdk's merge_clouds: dict.update, recursing into nested dicts.</summary>
    private static Dictionary<string, object?> MergeClouds(Dictionary<string, object?> old,
        Dictionary<string, object?> overlay)
    {
        var merged = new Dictionary<string, object?>(old, StringComparer.Ordinal);
        foreach (var (key, value) in overlay)
        {
            merged[key] = value is Dictionary<string, object?> nested
                && merged.GetValueOrDefault(key) is Dictionary<string, object?> existing
                ? MergeClouds(existing, nested)
                : DeepCopy(value);
        }
        return merged;
    }

    private static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => DeepCopy(p.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };
}

internal static class DictionaryExtensions
{
    public static void AddRange(this Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
            target[key] = value;
    }
}
