namespace Traas.Tool.Ssh;

/// <summary>A file of the list asked for, as the stream gave it: by its index in the list, never by its name.</summary>
/// <param name="Kind">What came: its bytes, a file changed since the walk, or one that is no regular file now.</param>
/// <param name="Type">The entry's tar type, for a message (the node chose it).</param>
internal sealed record RemoteTarEntry(int Index, RemoteTarEntryKind Kind, string Type);
