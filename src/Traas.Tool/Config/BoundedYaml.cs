using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// The one way traas-ci reads YAML (clouds.yaml, secure.yaml, Heat templates and environments, the
/// known-failures file). YamlDotNet's representation model shares an aliased node, so a "billion
/// laughs" costs nothing to load; it explodes where our code walks the tree (into dictionaries or
/// JSON nodes), and a recursive alias makes that walk endless. The events are therefore counted as
/// the parser hands them over (<see cref="BoundedYamlParser"/>), as if every alias were expanded,
/// and the load stops at the first node past a limit.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>
    /// Nodes (scalars and collections, every alias counted as the nodes it stands for) in one file.
    /// The traas templates produce at most 472 (traas.yaml), the bundled environments at most 29 and
    /// the starter known-failures file 50 (measured by YamlLimitSpecs); an environment with a few
    /// thousand parameter_defaults stays far below too, and 100,000 JSON nodes are a few tens of MB.
    /// </summary>
    public const int MaxNodes = 100_000;

    /// <summary>
    /// Nested sequences and mappings, through aliases or not. The traas templates nest at most 11 deep
    /// (toci-job.yaml, undercloud.yaml). It also keeps the recursive walks of the tree (YamlDotNet's own
    /// loader among them) far from the end of the stack.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The first document's root node of the file the user gave as <paramref name="option"/>, or null for
    /// an empty file. Every failure is one line naming the option, the file and, for YAML, the line.
    /// </summary>
    /// <exception cref="TraasException">Missing, unreadable, not YAML or past a limit (exit 2).</exception>
    public static YamlNode? LoadFile(string path, string option)
    {
        try
        {
            return InputFile.Read($"{option} {path}", "", () =>
            {
                using var reader = File.OpenText(path);
                return Load(reader);
            });
        }
        catch (YamlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{option} {path}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (YamlLimitException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"{option} {path}:{e.Start.Line}: {e.Message}");
        }
    }

    /// <summary>The first document's root node, merge keys resolved (<see cref="YamlMergeKeys"/>), or null for an
    /// empty stream.</summary>
    /// <exception cref="YamlException">
    /// Not YAML: a syntax error, an undefined alias, a sequence or mapping as a key, a merge key of neither a
    /// mapping nor a list of mappings; with the line.
    /// </exception>
    /// <exception cref="YamlLimitException">Past <see cref="MaxNodes"/> or <see cref="MaxDepth"/>, or a
    /// recursive alias; with the line.</exception>
    public static YamlNode? Load(TextReader reader)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(reader);
        try
        {
            stream.Load(new BoundedYamlParser(new Parser(scanner)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections and quotes.
            throw new YamlException(scanner.CurrentPosition, scanner.CurrentPosition,
                "the YAML ends inside an unclosed {, [ or quote.");
        }
        if (stream.Documents.Count == 0)
            return null;
        var root = stream.Documents[0].RootNode;
        YamlMergeKeys.Resolve(root);
        return root;
    }
}
