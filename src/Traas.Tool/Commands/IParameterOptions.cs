using CommandLine;
using Traas.Tool.OpenStack.Templates;

namespace Traas.Tool.Commands;

/// <summary>
/// The template's parameters, as `openstack stack create --parameter` and `--parameter-file` take them
/// (provision, run, and validate, whose Heat check reads them as create would).
/// </summary>
[OptionGroup]
public interface IParameterOptions
{
    [Option("parameter", HelpText = "key=value; repeat it, or separate pairs with ';'.")]
    IEnumerable<string> Parameters { get; init; }

    [Option("parameter-file",
        HelpText = "key=path: the parameter's value is the file's content (path relative to the template).")]
    IEnumerable<string> ParameterFiles { get; init; }

    /// <summary>
    /// The create request of a template with these options' environments (<see cref="IEnvironmentOptions.Resolve"/>)
    /// and parameters: what provision sends to Heat, and what validate checks.
    /// </summary>
    internal static JsonObject StackRequestOf<TOptions>(TOptions options, string name, string template,
        int? timeoutMinutes, IReadOnlyList<string> tags)
        where TOptions : IEnvironmentOptions, IParameterOptions =>
        StackRequest.Build(name, template, IEnvironmentOptions.Resolve(options.Environments, template),
            [.. options.Parameters], [.. options.ParameterFiles], timeoutMinutes, tags);
}
