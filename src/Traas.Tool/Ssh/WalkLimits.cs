namespace Traas.Tool.Ssh;

/// <summary>How far a walk of the node's folders may go: a hostile node can make a tree without end.</summary>
/// <param name="MaxFiles">Regular files in all.</param>
/// <param name="MaxDepth">Folders below the walk's root.</param>
/// <param name="MaxKeptBytes">The bytes a path below the root may take as the runner keeps it (what
/// <see cref="LocalName.MaxPathBytes"/> leaves of the folder it lands in).</param>
internal sealed record WalkLimits(int MaxFiles, int MaxDepth, int MaxKeptBytes = LocalName.MaxPathBytes);

/// <summary>Which limit a walk reached.</summary>
internal enum WalkLimit
{
    Files,
    Depth,
}
