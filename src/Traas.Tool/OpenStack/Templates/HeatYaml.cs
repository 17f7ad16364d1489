using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// Templates and environments read the way python-heatclient reads them: JSON when the text starts
/// with '{', else YAML (1.1 types, but dates and times stay strings), into ordered JSON nodes.
/// </summary>
internal static partial class HeatYaml
{
    [GeneratedRegex(@"^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex TruePattern();

    [GeneratedRegex(@"^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex FalsePattern();

    [GeneratedRegex(@"^[-+]?(?:0|[1-9][0-9_]*)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <exception cref="FormatException">The text is neither valid JSON nor valid YAML; the message has the line.</exception>
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
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"line {scanner.CurrentPosition.Line}, column {scanner.CurrentPosition.Column}: the YAML ends inside an unclosed {{, [ or quote", e);
        }
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    /// <summary>heatclient's template_format.parse: a template needs a format version key.</summary>
    public static bool IsTemplate(JsonNode? node) => node switch
    {
        JsonObject map => map.ContainsKey("heat_template_version") || map.ContainsKey("HeatTemplateFormatVersion") || map.ContainsKey("AWSTemplateFormatVersion"),
        // Python's `in` on a string is a substring test, and on a list a membership test.
        JsonValue value when value.TryGetValue<string>(out var s) => s.Contains("heat_template_version", StringComparison.Ordinal)
            || s.Contains("HeatTemplateFormatVersion", StringComparison.Ordinal) || s.Contains("AWSTemplateFormatVersion", StringComparison.Ordinal),
        JsonArray list => list.Any(i => i is JsonValue v && v.TryGetValue<string>(out var s) && s is "heat_template_version" or "HeatTemplateFormatVersion" or "AWSTemplateFormatVersion"),
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

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str"))
            return JsonValue.Create(value);
        if (value is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (TruePattern().IsMatch(value))
            return JsonValue.Create(true);
        if (FalsePattern().IsMatch(value))
            return JsonValue.Create(false);
        var digits = value.Replace("_", "", StringComparison.Ordinal);
        if (IntPattern().IsMatch(value) && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (FloatPattern().IsMatch(value) && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return JsonValue.Create(real);
        return JsonValue.Create(value);
    }
}
