using YamlDotNet.Core;

namespace Traas.Tool.Config;

/// <summary>
/// A YAML file that traas-ci refuses to expand: too many nodes, too deep, or a recursive alias
/// (<see cref="BoundedYaml"/>). Unlike a syntax error, it is never taken as "not YAML, a plain file".
/// </summary>
internal sealed class YamlLimitException(Mark start, string message) : Exception(message)
{
    public Mark Start { get; } = start;

    /// <summary>"line L, column C: the message", for a message that names the file first.</summary>
    public string Where => $"line {Start.Line}, column {Start.Column}: {Message}";
}
