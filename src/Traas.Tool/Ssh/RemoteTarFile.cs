namespace Traas.Tool.Ssh;

/// <summary>A file asked for in a stream: its path below the stream's folder, its size as the walk saw it.</summary>
internal sealed record RemoteTarFile(string Relative, long Size);
