namespace Traas.Tool.Config;

/// <summary>
/// Where clouds.yaml and secure.yaml are looked for, in openstacksdk's order: OS_CLIENT_CONFIG_FILE
/// (OS_CLIENT_SECURE_FILE), the current folder, the XDG config home, ~/.config/openstack, the XDG
/// site folder, /etc/openstack; each as .yaml, .yml and .json. The first file that exists is used.
/// </summary>
internal sealed record CloudsFiles(IReadOnlyList<string> Clouds, IReadOnlyList<string> Secure)
{
    private static readonly string[] Suffixes = [".yaml", ".yml", ".json"];

    /// <summary>The user's home: HOME, else the system's idea of it (HOME unset or empty).</summary>
    public static string Home(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("HOME") is { Length: > 0 } home
            ? home
            : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    public static CloudsFiles Locate(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        var home = Home(environment);
        var configHome = environment.GetValueOrDefault("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(home, ".config");
        // appdirs' site_config_dir with multipath: every XDG_CONFIG_DIRS entry, joined with ':'.
        var siteDirs = (environment.GetValueOrDefault("XDG_CONFIG_DIRS") is { Length: > 0 } dirs ? dirs : "/etc/xdg")
            .Split(':').Select(d => Path.Combine(d.TrimEnd('/'), "openstack"));
        string[] search =
        [
            currentDirectory,
            Path.Combine(configHome, "openstack"),
            Path.Combine(home, ".config", "openstack"),
            string.Join(':', siteDirs),
            "/etc/openstack",
        ];
        return new CloudsFiles(Candidates(search, "clouds", environment.GetValueOrDefault("OS_CLIENT_CONFIG_FILE")),
            Candidates(search, "secure", environment.GetValueOrDefault("OS_CLIENT_SECURE_FILE")));
    }

    private static List<string> Candidates(string[] search, string name, string? overrideFile)
    {
        var files = search.SelectMany(dir => Suffixes.Select(suffix => Path.Combine(dir, name + suffix))).ToList();
        if (!string.IsNullOrEmpty(overrideFile))
            files.Insert(0, overrideFile);
        return files;
    }

    public static (string? Path, Dictionary<string, object?> Content) LoadFirst(IEnumerable<string> candidates)
    {
        foreach (var path in candidates)
        {
            if (!File.Exists(path))
                continue;
            try
            {
                return (path, YamlTree.Load(path) as Dictionary<string, object?> ?? []);
            }
            catch (UnauthorizedAccessException)
            {
                // openstacksdk skips a file it may not read and looks further.
            }
        }
        return (null, []);
    }
}
