namespace Traas.Tool.Commands;

/// <summary>How verbs print JSON on stdout.</summary>
internal static class Json
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
