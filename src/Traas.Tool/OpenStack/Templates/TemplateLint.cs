namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// The offline checks of `traas-ci validate`, on a processed request (template, files, environment):
/// a known heat_template_version; get_param, get_resource, get_attr and depends_on naming what exists;
/// every custom resource type mapped by the registry or a file; every get_file read; every parameter given
/// (--parameter, an environment's parameters) declared by the template.
/// </summary>
internal static class TemplateLint
{
    private static readonly string[] PseudoParameters = ["OS::stack_name", "OS::stack_id", "OS::project_id"];

    private static readonly HashSet<string> Versions = new(StringComparer.Ordinal)
    {
        "2013-05-23", "2014-10-16", "2015-04-30", "2015-10-15", "2016-04-08", "2016-10-14", "2017-02-24", "2017-09-01",
        "2018-03-02", "2018-08-31", "2021-04-16", "newton", "ocata", "pike", "queens", "rocky", "wallaby",
    };

    public static List<string> Check(JsonObject request)
    {
        var problems = new List<string>();
        var files = request["files"] as JsonObject ?? [];
        var registry = request["environment"]?["resource_registry"] as JsonObject;
        var template = (JsonObject)request["template"]!;
        Check("the template", template, files, registry, problems);
        CheckGiven(template, request, problems);
        foreach (var (url, content) in files)
        {
            // Nested templates are in the files map as JSON; environments and plain files are not templates.
            if (content is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith('{')
                && JsonNode.Parse(text) is JsonObject nested && nested.ContainsKey("heat_template_version"))
                Check(FileUrl.ToPath(url), nested, files, registry, problems);
        }
        return problems;
    }

    /// <summary>
    /// Heat refuses a stack given a parameter its template does not declare, from --parameter or from an
    /// environment's parameters section (parameter_defaults may name any: they reach nested templates).
    /// </summary>
    private static void CheckGiven(JsonObject template, JsonObject request, List<string> problems)
    {
        var declared = template["parameters"] as JsonObject ?? [];
        var given = new[] { ("--parameter", request["parameters"]), ("an environment's parameters",
            request["environment"]?["parameters"]) };
        foreach (var (source, values) in given)
        {
            foreach (var (name, _) in values as JsonObject ?? [])
            {
                if (!declared.ContainsKey(name))
                {
                    problems.Add($"the template: {source} gives {name}, which it does not declare (Heat refuses it; "
                        + "declare it, or give it in parameter_defaults).");
                }
            }
        }
    }

    private static void Check(string where, JsonObject template, JsonObject files, JsonObject? registry,
        List<string> problems)
    {
        var version = template["heat_template_version"]?.ToString();
        if (version is null || !Versions.Contains(version))
        {
            problems.Add($"{where}: heat_template_version '{version}' is not one Heat knows ("
                + $"{string.Join(", ", Versions.Order(StringComparer.Ordinal))}).");
        }
        var parameters = (template["parameters"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal)
            ?? [];
        var resources = template["resources"] as JsonObject ?? [];
        var names = resources.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, resource) in resources)
        {
            var type = resource?["type"]?.ToString();
            if (type is null)
                problems.Add($"{where}: resource {name} has no type.");
            else if (!IsKnownType(type, files, registry))
            {
                problems.Add($"{where}: resource {name} has type "
                    + $"{type}, which no resource_registry maps (add it to an environment's resource_registry).");
            }
            foreach (var dependency in DependsOn(resource?["depends_on"]))
            {
                if (!names.Contains(dependency))
                {
                    problems.Add($"{where}: resource {name} depends_on "
                        + $"{dependency}, which is not a resource of this template.");
                }
            }
        }
        Walk(template["resources"], $"{where}: resources", parameters, names, problems);
        Walk(template["outputs"], $"{where}: outputs", parameters, names, problems);
    }

    private static bool IsKnownType(string type, JsonObject files, JsonObject? registry)
    {
        if (files.ContainsKey(type))
            return true;
        if (registry?[type] is JsonValue mapped && mapped.TryGetValue<string>(out var target))
        {
            return !target.Contains("::", StringComparison.Ordinal)
                ? files.ContainsKey(target)
                : IsKnownType(target, files, null);
        }
        // Heat's own types; OS::TraaS::* and other custom names must be mapped.
        return (type.StartsWith("OS::", StringComparison.Ordinal)
                && !type.StartsWith("OS::TraaS::", StringComparison.Ordinal))
            || type.StartsWith("AWS::", StringComparison.Ordinal);
    }

    private static IEnumerable<string> DependsOn(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var one) => [one],
        JsonArray list => list.OfType<JsonValue>().Select(v => v.ToString()),
        _ => [],
    };

    private static void Walk(JsonNode? node, string path, HashSet<string> parameters, HashSet<string> resources,
        List<string> problems)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    var target = value switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var s) => s,
                        JsonArray list when list.Count > 0 && list[0] is JsonValue first
                            && first.TryGetValue<string>(out var s) => s,
                        _ => null,
                    };
                    if (key == "get_param" && target is not null && !parameters.Contains(target)
                        && !PseudoParameters.Contains(target))
                        problems.Add($"{path}: get_param {target}, which is not a parameter of this template.");
                    if (key is "get_resource" or "get_attr" && target is not null && !resources.Contains(target))
                        problems.Add($"{path}: {key} {target}, which is not a resource of this template.");
                    if (key == "get_file" && target is not null
                        && !target.StartsWith("file:", StringComparison.Ordinal))
                        problems.Add($"{path}: get_file {target} could not be read.");
                    Walk(value, $"{path}.{key}", parameters, resources, problems);
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                    Walk(list[i], $"{path}[{i}]", parameters, resources, problems);
                break;
        }
    }
}
