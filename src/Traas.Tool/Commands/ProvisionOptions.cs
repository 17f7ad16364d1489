using CommandLine;

namespace Traas.Tool.Commands;

[Verb("provision",
    HelpText = "Create the Heat stack and wait for it (like openstack stack create --wait); "
        + "print its outputs as JSON.")]
public sealed class ProvisionOptions : StackOptions
{
    [Value(0, MetaName = "NAME", Required = true, HelpText = "The stack's name.")]
    public string Name { get; init; } = "";

    [Option('t', "template", Required = true, HelpText = "The template (e.g. templates/traas.yaml).")]
    public string Template { get; init; } = "";

    [Option("wait",
        HelpText = "Wait for the stack to be created, as openstack stack create --wait (provision always waits).")]
    public bool Wait { get; init; }
}
