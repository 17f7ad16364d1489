namespace Traas.Tool.Ssh;

/// <summary>
/// A file on the node that traas-ci will not read (a FIFO, a device, a socket): the node's doing, not a connection's.
/// </summary>
internal sealed class RemoteFileException(string path, string problem) : Exception($"{path} {problem}")
{
    public string Path => path;
}
