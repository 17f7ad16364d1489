namespace Traas.Tool.OpenStack.Templates;

internal sealed partial class TemplateProcessor
{
    private static readonly string[] Sections =
    [
        "parameter_defaults", "parameters", "resource_registry", "encrypted_param_names", "event_sinks",
        "parameter_merge_strategies",
    ];

    private readonly List<string> _environmentFiles = [];

    /// <summary>
    /// The environment files' URLs, in order, for Heat to merge server-side as well (environment_files).
    /// </summary>
    public IReadOnlyList<string> EnvironmentFiles => _environmentFiles;

    /// <summary>
    /// heatclient's process_multiple_environments_and_files with an env_list_tracker, as `openstack
    /// stack create` calls it: later environments override earlier ones, nested mappings merged.
    /// </summary>
    public JsonObject ProcessEnvironments(IEnumerable<string> paths)
    {
        var merged = new JsonObject();
        foreach (var path in paths)
        {
            var url = FileUrl.FromPath(path);
            var environment = ParseEnvironment(url);
            ResolveRegistry(environment["resource_registry"] as JsonObject, FileUrl.Base(url));
            _files[url] = PythonJson.Dumps(environment);
            DeepUpdate(merged, environment);
            _environmentFiles.Add(url);
        }
        return merged;
    }

    private static JsonObject ParseEnvironment(string url)
    {
        var node = ParseOrFail(Read(url, "environment file", textOnly: true), url, "environment");
        if (node is null)
            return new JsonObject();
        if (node is not JsonObject environment)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{FileUrl.ToPath(url)} is not an environment: "
                    + "it must be a YAML mapping (parameters, parameter_defaults, resource_registry, ...).");
        }
        foreach (var (key, _) in environment)
        {
            if (!Sections.Contains(key))
                throw new TraasException(ExitCodes.BadInput,
                    $"{FileUrl.ToPath(url)} has a section \"{key}\" that environments do not have; use "
                        + $"{string.Join(", ", Sections)}.");
        }
        return environment;
    }

    /// <summary>
    /// heatclient's resolve_environment_urls: template files of the registry, relative to the environment
    /// (or a resources entry's base_url).
    /// </summary>
    private void ResolveRegistry(JsonObject? registry, string baseUrl)
    {
        if (registry is null)
            return;
        ResolveRegistryEntries(registry, baseUrl);
        if (registry["resources"] is JsonObject resources)
        {
            foreach (var (_, entry) in resources.ToList())
            {
                if (entry is JsonObject resource)
                {
                    ResolveRegistryEntries(resource,
                        resource["base_url"] is JsonValue b && b.TryGetValue<string>(out var own) ? own : baseUrl);
                }
            }
        }
    }

    private void ResolveRegistryEntries(JsonObject entries, string baseUrl)
    {
        foreach (var (key, value) in entries.ToList())
        {
            if (key is "base_url" or "hooks" or "restricted_actions"
                || value is not JsonValue v || !v.TryGetValue<string>(out var target))
                continue;
            // Built-in types (OS::Nova::Server) need no file.
            if (target.Contains("::", StringComparison.Ordinal))
                continue;
            entries[key] = Fetch(baseUrl, target);
        }
    }

    /// <summary>heatclient's deep_update: nested mappings merge; a null does not erase a mapping.</summary>
    private static void DeepUpdate(JsonObject old, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            if (value is JsonObject nested)
            {
                if (old[key] is not JsonObject existing)
                {
                    existing = new JsonObject();
                    old[key] = existing;
                }
                DeepUpdate(existing, (JsonObject)nested.DeepClone());
            }
            else if (value is null && old[key] is JsonObject)
                continue;
            else
                old[key] = value?.DeepClone();
        }
    }
}
