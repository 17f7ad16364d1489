namespace Traas.Tool.Model;

/// <summary>What to do with the stack when the run ends (--keep).</summary>
internal enum KeepPolicy
{
    /// <summary>Always delete it.</summary>
    Never,

    /// <summary>Keep it when the job did not pass (to look at the nodes), delete it otherwise.</summary>
    OnFailure,

    /// <summary>Always keep it.</summary>
    Always,
}

internal static class KeepPolicies
{
    public static KeepPolicy Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "never" => KeepPolicy.Never,
        "on-failure" or "onfailure" or "on_failure" => KeepPolicy.OnFailure,
        "always" => KeepPolicy.Always,
        _ => throw new TraasException(ExitCodes.BadInput, $"--keep {text}: give never, on-failure or always"),
    };

    public static string Name(this KeepPolicy keep) => keep switch
    {
        KeepPolicy.Never => "never",
        KeepPolicy.OnFailure => "on-failure",
        KeepPolicy.Always => "always",
    };

    /// <summary>Whether the stack of a run that ended with <paramref name="result"/> is kept.</summary>
    public static bool Keeps(this KeepPolicy keep, JobResult result) => keep switch
    {
        KeepPolicy.Never => false,
        KeepPolicy.OnFailure => result.Class().KeptOnFailure,
        KeepPolicy.Always => true,
    };
}
