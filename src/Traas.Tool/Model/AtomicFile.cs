namespace Traas.Tool.Model;

/// <summary>
/// Writes a file whole or not at all (a temporary file beside it, then a rename), so that a reader
/// never sees half of it, even when the process is killed mid-write.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }
}
