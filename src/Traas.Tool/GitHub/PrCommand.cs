namespace Traas.Tool.GitHub;

/// <summary>A command read from a pull request comment.</summary>
/// <param name="Kind">Recheck, hold, or a command word written wrongly.</param>
/// <param name="Hours">For <c>hold N</c>, N; null for a plain <c>hold</c> (the run's default applies).</param>
/// <param name="Problem">
/// For <see cref="PrCommandKind.Invalid"/>, how to write it (our text, never the comment's).
/// </param>
internal sealed record PrCommand(PrCommandKind Kind, int? Hours = null, string? Problem = null)
{
    /// <summary>The command as traas-ci writes it back (never the comment's own text).</summary>
    public string Text => Kind switch
    {
        PrCommandKind.Recheck => "recheck",
        PrCommandKind.Hold => Hours is { } hours ? $"hold {hours}" : "hold",
        PrCommandKind.Invalid => "(invalid)",
    };
}
