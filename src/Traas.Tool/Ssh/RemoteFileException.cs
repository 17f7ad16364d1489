namespace Traas.Tool.Ssh;

/// <summary>
/// A file on the node that traas-ci will not read (a FIFO, a device, a socket): the node's doing, not a connection's.
/// </summary>
internal sealed class RemoteFileException(string path, string problem) : Exception($"{path} {problem}")
{
    public string Path => path;

    /// <summary>What is wrong with it, without its path: "is a FIFO, not a regular file; it is not read".</summary>
    public string Problem => problem;
}
