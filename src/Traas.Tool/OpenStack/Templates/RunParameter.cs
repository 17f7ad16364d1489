namespace Traas.Tool.OpenStack.Templates;

/// <summary>A stack parameter that `run` sets from its own options (--toci-jobtype, Depends-On lines, ...).</summary>
/// <param name="Option">Where it came from, for the message when --parameter says otherwise.</param>
/// <param name="Joins">A caret-separated list of changes, which the user's own entries come last in.</param>
internal sealed record RunParameter(string Key, string Value, string Option, bool Joins = false);
