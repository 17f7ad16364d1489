namespace Traas.Tool.Commands;

/// <summary>
/// Marks an interface whose properties are options shared by several verbs: each is declared once there, with its
/// [Option]; Traas.Tool.Generators implements them in every partial options class that takes the group.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
internal sealed class OptionGroupAttribute : Attribute;
