namespace Traas.Tool.OpenStack.Templates;

/// <summary>--parameter and --parameter-file, as heatclient's format_all_parameters reads them.</summary>
internal static class StackParameters
{
    /// <param name="parameters">
    /// --parameter values: key=value; one given alone may hold several, separated by ';'.
    /// </param>
    /// <param name="parameterFiles">
    /// --parameter-file values: key=path, the path relative to the template's folder.
    /// </param>
    /// <param name="runParameters">What `run` adds from its own options (see <see cref="RunParameter"/>).</param>
    /// <param name="environments">What the environments (-e) give the keys of run's own parameters.</param>
    public static JsonObject Format(IReadOnlyList<string> parameters, IReadOnlyList<string> parameterFiles,
        string templatePath, IReadOnlyList<RunParameter>? runParameters = null, Environments? environments = null)
    {
        var result = Pairs(parameters.Count == 1 ? parameters[0].Split(';') : parameters, "--parameter");
        var baseUrl = FileUrl.Base(FileUrl.FromPath(templatePath));
        foreach (var (key, value) in Pairs(parameterFiles, "--parameter-file"))
        {
            if (value is not JsonValue single || !single.TryGetValue<string>(out var file))
                throw new TraasException(ExitCodes.BadInput,
                    $"--parameter-file gives {key} more than once; give it once.");
            var path = FileUrl.ToPath(FileUrl.Join(baseUrl, file));
            try
            {
                result[key] = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--parameter-file {key}={file}: cannot read "
                        + $"{path} ({e.Message}); the path is relative to the template's folder.");
            }
        }
        foreach (var own in runParameters ?? [])
        {
            if (environments?.Parameters(own.Key) is { } fixedValue && !IsText(fixedValue, own.Value))
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{own.Option} gives {own.Key}={own.Value}, and an environment (-e) sets {own.Key} in its "
                        + "parameters, which Heat takes over the request's: move it to parameter_defaults");
            }
            // Changes an environment's defaults give are joined as --parameter's are: the request replaces them.
            var inherited = own.Joins && environments?.Defaults(own.Key) is JsonValue from
                && from.TryGetValue<string>(out var entries) && entries.Length > 0
                    ? from
                    : null;
            result[own.Key] = Merged(own, result[own.Key] ?? inherited);
        }
        return result;
    }

    /// <summary>
    /// The environments' parameters and parameter_defaults. Heat merges environment files over the request's
    /// parameters (environment_util.merge_environments), and takes parameters over parameter_defaults: a run
    /// parameter cannot change a key an environment's parameters set, and replaces one its defaults set.
    /// </summary>
    internal sealed record Environments(Func<string, JsonNode?> Parameters, Func<string, JsonNode?> Defaults);

    private static bool IsText(JsonNode node, string text) =>
        node is JsonValue value && value.TryGetValue<string>(out var given) && given == text;

    /// <summary>
    /// A parameter of `run`'s own beside the user's: heatclient would make a list of a key given twice, which
    /// Heat refuses for a string. Changes are joined, run's (Depends-On, --zuul-changes) first and the user's
    /// (the change under test, in the example workflows) last, as Zuul orders ZUUL_CHANGES: the changes
    /// depended on first; any other value must agree.
    /// </summary>
    private static string Merged(RunParameter own, JsonNode? given) => given switch
    {
        null => own.Value,
        JsonValue value when IsText(value, own.Value) => own.Value,
        JsonValue value when own.Joins && value.TryGetValue<string>(out var text) => $"{own.Value}^{text}",
        _ => throw new TraasException(ExitCodes.BadInput,
            $"{own.Option} gives {own.Key}={own.Value}, and --parameter or --parameter-file gives it "
                + $"{given.ToJsonString()}; give {own.Key} once"),
    };

    /// <summary>heatclient's format_parameters: key=value pairs; a key given twice becomes a list.</summary>
    private static JsonObject Pairs(IEnumerable<string> items, string option)
    {
        var result = new JsonObject();
        foreach (var item in items)
        {
            var equals = item.IndexOf('=');
            if (equals < 0)
                throw new TraasException(ExitCodes.BadInput, $"{option} {item} is malformed: use the key=value form.");
            var (key, value) = (item[..equals], item[(equals + 1)..]);
            if (key.Length == 0)
                throw new TraasException(ExitCodes.BadInput, $"{option} {item} has no key: use the key=value form.");
            if (result[key] is null)
                result[key] = value;
            else if (result[key] is JsonArray list)
                list.Add(value);
            else
                result[key] = new JsonArray(result[key]!.DeepClone(), value);
        }
        return result;
    }
}
