namespace Traas.Tool.Ssh;

/// <summary>
/// A stream of files from the node that broke or held what was not asked for: what it had not given yet is
/// fetched over SFTP instead. The message may hold the node's words (escaped where they are printed).
/// </summary>
internal sealed class RemoteStreamException(string message, Exception? inner = null) : Exception(message, inner);
