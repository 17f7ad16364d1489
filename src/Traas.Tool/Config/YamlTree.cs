using Traas.Tool.Model;
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
    public static object? Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        var scanner = new Scanner(reader);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path}: line {e.Start.Line}, column {e.Start.Column}: "
                    + $"{e.InnerException?.Message ?? e.Message} Fix the YAML and run again.");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections and quotes.
            throw new TraasException(ExitCodes.BadInput,
                $"{path}: line {scanner.CurrentPosition.Line}, column {scanner.CurrentPosition.Column}: "
                    + "the YAML ends inside an unclosed {, [ or quote. Fix the YAML and run again.");
        }
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
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
}
