namespace Traas.Tool.Model;

/// <summary>
/// A file the user names (a log, a providers or known-failures file): read, or one clear line when it
/// is missing or unreadable (exit 2). <c>what</c> names the file as the message shows it, e.g.
/// "--providers p.yaml"; <c>hint</c> follows "no such file" and says what to give instead.
/// </summary>
internal static class InputFile
{
    /// <exception cref="TraasException">The file does not exist or cannot be read (exit 2).</exception>
    public static T Read<T>(string what, string hint, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput, $"{what}: no such file{hint}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput, $"{what}: cannot read it: {e.Message}");
        }
    }

    /// <summary>The file opened for one forward read (a log: it may still be growing).</summary>
    /// <exception cref="TraasException">A folder, or the file does not exist or cannot be read (exit 2).</exception>
    public static FileStream OpenSequential(string path, string what, string hint)
    {
        if (Directory.Exists(path))
            throw new TraasException(ExitCodes.BadInput, $"{what}: it is a folder{hint}");
        return Read(what, hint, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1,
            FileOptions.SequentialScan));
    }
}
