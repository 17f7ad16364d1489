namespace Traas.Reporting.Parsing;

/// <summary>The word a result line starts with.</summary>
internal enum ResultKind
{
    Ok,
    Changed,
    Skipping,
    Failed,
    Unreachable,
}
