using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// YAML (or JSON) as plain values, typed the way PyYAML's safe_load types them (see
/// <see cref="PyYamlScalar"/>), because openstacksdk reads clouds.yaml with PyYAML.
/// Mappings are <see cref="Dictionary{TKey,TValue}"/> of string, sequences <see cref="List{T}"/>.
/// </summary>
internal static class YamlTree
{
    /// <summary>The file's first document, read through <see cref="BoundedYaml"/>'s limits.</summary>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static object? Load(string path)
    {
        YamlNode? root;
        try
        {
            using var reader = new StreamReader(path);
            root = BoundedYaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path}: line {e.Start.Line}, column {e.Start.Column}: "
                    + $"{Sentence(e.InnerException?.Message ?? e.Message)} Fix the YAML and run again.");
        }
        catch (YamlLimitException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"{path}: {e.Where}");
        }
        catch (IOException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"cannot read {path}: {e.Message}");
        }
        return root is null ? null : Convert(root);
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            p => Scalar(p.Key)?.ToString() ?? "", p => Convert(p.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YamlNode node) => PyYamlScalar.Resolve((YamlScalarNode)node);

    /// <summary>YamlDotNet ends some messages with a full stop and some ("Duplicate key auth") without.</summary>
    private static string Sentence(string message) =>
        message.TrimEnd() is var text && text.EndsWith('.') ? text : text + ".";
}
