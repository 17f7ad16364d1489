namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// The body of POST /stacks, as `openstack stack create -t T -e E... --parameter ... --parameter-file ...` sends it.
/// </summary>
internal static class StackRequest
{
    public static JsonObject Build(string name, string templatePath, IReadOnlyList<string> environments,
        IReadOnlyList<string> parameters, IReadOnlyList<string> parameterFiles, int? timeoutMinutes,
        IReadOnlyList<string> tags, IReadOnlyList<RunParameter>? runParameters = null)
    {
        var processor = new TemplateProcessor();
        var template = processor.ProcessTemplate(templatePath);
        var environment = processor.ProcessEnvironments(environments);
        var files = new JsonObject();
        foreach (var (url, content) in processor.Files)
            files[url] = content;
        var body = new JsonObject
        {
            ["stack_name"] = name,
            ["disable_rollback"] = true,
            ["parameters"] = StackParameters.Format(parameters, parameterFiles, templatePath, runParameters,
                new StackParameters.Environments(key => environment["parameters"]?[key],
                    key => environment["parameter_defaults"]?[key])),
            ["template"] = template,
            ["files"] = files,
            ["environment"] = environment,
        };
        if (processor.EnvironmentFiles.Count > 0)
            body["environment_files"] = new JsonArray(processor.EnvironmentFiles.Select(f => (JsonNode)f).ToArray());
        if (timeoutMinutes is { } minutes)
            body["timeout_mins"] = minutes;
        if (tags.Count > 0)
            body["tags"] = string.Join(',', tags);
        return body;
    }
}
