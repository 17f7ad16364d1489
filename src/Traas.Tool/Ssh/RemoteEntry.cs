namespace Traas.Tool.Ssh;

/// <summary>One name of a folder on the node, as a walk sees it: from an SFTP listing or from one `find`.</summary>
/// <param name="Name">The name in its folder.</param>
/// <param name="FullName">Its path on the node.</param>
/// <param name="Length">Its size in bytes, as the node says.</param>
/// <param name="NotUtf8">Its name's bytes are not UTF-8 (<paramref name="Name"/> shows them): it cannot be fetched.
/// </param>
internal sealed record RemoteEntry(string Name, string FullName, RemoteEntryKind Kind, long Length,
    bool NotUtf8 = false);

/// <summary>What a walk makes of a name: it goes into folders, takes regular files and passes over the rest.</summary>
internal enum RemoteEntryKind
{
    Folder,
    RegularFile,
    Other,
}
