using CommandLine;

namespace Traas.Tool.Commands;

[Verb("validate", HelpText = "Check a template, its environments and parameters offline; with --heat, ask Heat too.")]
public sealed partial class ValidateOptions : CloudOptions, IEnvironmentOptions, IParameterOptions
{
    [Option('t', "template", Required = true, HelpText = "The template (e.g. templates/traas.yaml).")]
    public string Template { get; init; } = "";

    [Option("heat", HelpText = "After the offline checks, run Heat's own template validate (needs a cloud).")]
    public bool Heat { get; init; }
}
