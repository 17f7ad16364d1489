namespace Traas.Reporting.Parsing;

/// <summary>How console.html highlights a line.</summary>
internal enum LineClass : byte
{
    Plain,
    Error,
    Warning,
    Ok,
    Changed,
    Skipped,
    Banner,
    Xtrace,
    Marker,
}
