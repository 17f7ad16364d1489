using Traas.Tool.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// Templates and environments read the way python-heatclient reads them: JSON when the text starts
/// with '{', else YAML typed as PyYAML types it (heatclient keeps dates and times as strings, and so
/// does <see cref="PyYamlScalar"/>), into ordered JSON nodes.
/// </summary>
internal static class HeatYaml
{
    /// <exception cref="FormatException">
    /// The text is neither valid JSON nor valid YAML; the message has the line.
    /// </exception>
    /// <exception cref="YamlLimitException">
    /// YAML past <see cref="BoundedYaml"/>'s limits: an error even where a file that is not YAML is fine.
    /// </exception>
    public static JsonNode? Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new FormatException($"line {e.LineNumber + 1}: {e.Message}", e);
            }
        }
        YamlNode? root;
        try
        {
            root = BoundedYaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}, column {e.Start.Column}: "
                + (e.InnerException?.Message ?? e.Message).TrimEnd('.'), e);
        }
        return root is null ? null : Convert(root);
    }

    /// <summary>heatclient's template_format.parse: a template needs a format version key.</summary>
    public static bool IsTemplate(JsonNode? node) => node switch
    {
        JsonObject map => map.ContainsKey("heat_template_version") || map.ContainsKey("HeatTemplateFormatVersion")
            || map.ContainsKey("AWSTemplateFormatVersion"),
        // Python's `in` on a string is a substring test, and on a list a membership test.
        JsonValue value when value.TryGetValue<string>(out var s) =>
            s.Contains("heat_template_version", StringComparison.Ordinal)
            || s.Contains("HeatTemplateFormatVersion", StringComparison.Ordinal)
            || s.Contains("AWSTemplateFormatVersion", StringComparison.Ordinal),
        JsonArray list => list.Any(i => i is JsonValue v && v.TryGetValue<string>(out var s)
            && s is "heat_template_version" or "HeatTemplateFormatVersion" or "AWSTemplateFormatVersion"),
        _ => false,
    };

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
            result[Scalar((YamlScalarNode)key)?.ToString() ?? "None"] = Convert(value);
        return result;
    }

    private static JsonValue? Scalar(YamlScalarNode scalar) => PyYamlScalar.Resolve(scalar) switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        var text => JsonValue.Create((string)text),
    };
}
