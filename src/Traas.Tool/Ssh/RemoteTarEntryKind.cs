namespace Traas.Tool.Ssh;

/// <summary>What a stream gave for a file asked for.</summary>
internal enum RemoteTarEntryKind
{
    /// <summary>A regular file of the size the walk saw: its bytes follow.</summary>
    Data,

    /// <summary>A regular file of another size, or a hard link: fetched over SFTP instead (bounded there).</summary>
    Changed,

    /// <summary>No regular file now (a symbolic link, a folder, a device, a FIFO): left out, never followed.</summary>
    Refused,
}
