using CommandLine;

namespace Traas.Tool.Commands;

[Verb("provision", HelpText = "Create the Heat stack and wait for it (like openstack stack create --wait); print its outputs as JSON.")]
public sealed class ProvisionOptions : CloudOptions
{
    [Value(0, MetaName = "NAME", Required = true, HelpText = "The stack's name.")]
    public string Name { get; init; } = "";

    [Option('t', "template", Required = true, HelpText = "The template (e.g. templates/traas.yaml).")]
    public string Template { get; init; } = "";

    [Option('e', "environment", HelpText = "An environment file; repeat it, later ones override earlier ones.")]
    public IEnumerable<string> Environments { get; init; } = [];

    [Option("parameter", HelpText = "key=value; repeat it, or separate pairs with ';'.")]
    public IEnumerable<string> Parameters { get; init; } = [];

    [Option("parameter-file", HelpText = "key=path: the parameter's value is the file's content (path relative to the template).")]
    public IEnumerable<string> ParameterFiles { get; init; } = [];

    [Option("timeout", Default = 120, HelpText = "Minutes Heat may take to create the stack.")]
    public int Timeout { get; init; } = 120;

    [Option("tag", HelpText = "A tag for the stack; repeat it for more.")]
    public IEnumerable<string> Tags { get; init; } = [];
}
