using Traas.Tool.Config;

namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// What `openstack stack create -t T -e E...` sends, built the way python-heatclient builds it
/// (template_utils.process_template_path and process_multiple_environments_and_files): every
/// get_file, nested template type and resource_registry entry is read, put into the files map under
/// its file:// URL, and rewritten to that URL; environments are merged in order.
/// </summary>
internal sealed partial class TemplateProcessor
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reading = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>Reads the main template and everything it refers to.</summary>
    public JsonObject ProcessTemplate(string path) => ProcessTemplateUrl(FileUrl.FromPath(path), mainTemplate: true);

    private JsonObject ProcessTemplateUrl(string url, bool mainTemplate)
    {
        var text = Read(url, mainTemplate ? "template" : "nested template", textOnly: true);
        var node = ParseOrFail(text, url, "template");
        if (!HeatYaml.IsTemplate(node) || node is not JsonObject template)
            throw new TraasException(ExitCodes.BadInput,
                $"{FileUrl.ToPath(url)} is not a Heat template: it has no heat_template_version. "
                    + "Check the -t argument and the files it refers to.");
        ResolveGetFiles(template, FileUrl.Base(url));
        return template;
    }

    /// <summary>
    /// heatclient's resolve_template_get_files: get_file values, and types that name a .yaml or .template file.
    /// </summary>
    private void ResolveGetFiles(JsonNode? data, string baseUrl)
    {
        switch (data)
        {
            case JsonObject map:
                foreach (var value in map.Select(p => p.Value).ToList())
                    ResolveGetFiles(value, baseUrl);
                foreach (var (key, value) in map.ToList())
                {
                    if (key is not ("get_file" or "type") || value is not JsonValue v
                        || !v.TryGetValue<string>(out var reference))
                        continue;
                    if (key == "type" && !reference.EndsWith(".yaml", StringComparison.Ordinal)
                        && !reference.EndsWith(".template", StringComparison.Ordinal))
                        continue;
                    map[key] = Fetch(baseUrl, reference);
                }
                break;
            case JsonArray list:
                foreach (var item in list.ToList())
                    ResolveGetFiles(item, baseUrl);
                break;
        }
    }

    /// <summary>
    /// heatclient's get_file_contents for one reference: read once, templates processed and stored as JSON.
    /// </summary>
    private string Fetch(string baseUrl, string reference)
    {
        var url = FileUrl.Join(baseUrl, reference);
        if (_files.ContainsKey(url))
            return url;
        if (!_reading.Add(url))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{FileUrl.ToPath(url)} refers to itself, through get_file or a nested template type; "
                    + "break the cycle.");
        }
        var text = Read(url, "file");
        JsonNode? parsed = null;
        try
        {
            parsed = HeatYaml.Parse(text);
        }
        catch (FormatException)
        {
            // Not YAML or JSON: a plain file, kept as it is.
        }
        catch (YamlLimitException e)
        {
            throw LimitError(url, e);
        }
        _files[url] = HeatYaml.IsTemplate(parsed)
            ? PythonJson.Dumps(ProcessTemplateUrl(url, mainTemplate: false))
            : text;
        _reading.Remove(url);
        return url;
    }

    private static JsonNode? ParseOrFail(string text, string url, string what)
    {
        try
        {
            return HeatYaml.Parse(text);
        }
        catch (FormatException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{FileUrl.ToPath(url)}: {e.Message}. The {what} is not valid YAML; fix it and run again.");
        }
        catch (YamlLimitException e)
        {
            throw LimitError(url, e);
        }
    }

    private static TraasException LimitError(string url, YamlLimitException e) =>
        new(ExitCodes.BadInput, $"{FileUrl.ToPath(url)}: {e.Where}");

    /// <summary>heatclient's read_url_content: text as it is, or base64 (76-column lines) when not UTF-8.</summary>
    /// <param name="textOnly">
    /// A template or an environment: heatclient would parse the base64 of one that is not UTF-8 and
    /// say it has no heat_template_version; say what is wrong instead.
    /// </param>
    private static string Read(string url, string what, bool textOnly = false)
    {
        var path = FileUrl.ToPath(url);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"the {what} {path} does not exist. "
                    + "Check the path (get_file and resource_registry paths are relative to the file "
                    + "that holds them).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput, $"cannot read the {what} {path}: {e.Message}");
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e) when (textOnly)
        {
            var line = bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n') + 1;
            throw new TraasException(ExitCodes.BadInput,
                $"the {what} {path} is not UTF-8 text (line {line} has a byte that is not UTF-8); "
                    + "save it as UTF-8 YAML or JSON, and check that -t and -e name the right files.");
        }
        catch (DecoderFallbackException)
        {
            var base64 = Convert.ToBase64String(bytes);
            var lines = new StringBuilder();
            for (var i = 0; i < base64.Length; i += 76)
                lines.Append(base64, i, Math.Min(76, base64.Length - i)).Append('\n');
            return lines.ToString();
        }
    }
}
