namespace Traas.Tool.Ssh;

/// <summary>A file asked for in a stream: its path below the stream's folder, its size as the walk saw it.</summary>
internal sealed record RemoteTarFile(string Relative, long Size)
{
    /// <summary>Its path as the runner keeps it (<see cref="LocalName"/>): most often <see cref="Relative"/>.</summary>
    public string Kept { get; init; } = Relative;
}
