using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// A plain YAML scalar typed as PyYAML's safe_load types it (YAML 1.1: yes/no/on/off are booleans),
/// which both openstacksdk (clouds.yaml) and python-heatclient (templates) use.
/// </summary>
internal static partial class PyYamlScalar
{
    [GeneratedRegex(@"^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex TruePattern();

    [GeneratedRegex(@"^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex FalsePattern();

    [GeneratedRegex(@"^[-+]?(?:0|[1-9][0-9_]*)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <returns>null, a bool, a long, a double or the string itself.</returns>
    public static object? Resolve(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain
            || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str"))
            return value;
        if (value is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (TruePattern().IsMatch(value))
            return true;
        if (FalsePattern().IsMatch(value))
            return false;
        var digits = value.Replace("_", "", StringComparison.Ordinal);
        if (IntPattern().IsMatch(value)
            && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return integer;
        if (FloatPattern().IsMatch(value)
            && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return real;
        return value;
    }
}
