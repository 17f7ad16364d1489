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
        // secure.yaml only adds to the cloud chosen: a missing one is passed over, as openstacksdk does.
        var secure = environment.GetValueOrDefault("OS_CLIENT_SECURE_FILE") is { Length: > 0 } named ? named : null;
        return new CloudsFiles(Candidates(search, "clouds", Named(environment, "OS_CLIENT_CONFIG_FILE")),
            Candidates(search, "secure", secure));
    }

    /// <summary>
    /// The clouds.yaml a variable names. openstacksdk passes over a named file that is not there and reads the
    /// next one it finds, so a typo would authenticate against another cloud, where reap and release delete
    /// stacks: here a named file that is missing, a folder or unreadable is an error.
    /// </summary>
    /// <exception cref="TraasException">The file cannot be read (exit 2).</exception>
    private static string? Named(IReadOnlyDictionary<string, string> environment, string variable)
    {
        if (environment.GetValueOrDefault(variable) is not { Length: > 0 } file)
            return null;
        return Problem(file) is { } problem
            ? throw new TraasException(ExitCodes.BadInput,
                $"{variable} names {file}, which {problem}; fix the path, or unset {variable} to use the file "
                    + "openstacksdk finds")
            : file;
    }

    /// <summary>Why a named file cannot be read ("is a folder", ...), or null when it can.</summary>
    public static string? Problem(string file) =>
        Directory.Exists(file) ? "is a folder"
            : !File.Exists(file) ? "does not exist"
            : Readable(file) ? null
            : "cannot be read (permission denied)";

    private static bool Readable(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static List<string> Candidates(string[] search, string name, string? namedFile)
    {
        var files = search.SelectMany(dir => Suffixes.Select(suffix => Path.Combine(dir, name + suffix))).ToList();
        if (namedFile is not null)
            files.Insert(0, namedFile);
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
