namespace Traas.Tool.Pipeline;

/// <summary>Where the log comes from: a file, or standard input.</summary>
internal sealed class ReportInput
{
    private readonly Func<Stream> _open;

    private ReportInput(string name, Func<Stream> open)
    {
        Name = name;
        _open = open;
    }

    public string Name { get; }

    /// <summary>No log: the job never wrote one.</summary>
    public static ReportInput Empty { get; } = new("no log", () => new MemoryStream([], writable: false));

    public static ReportInput StandardInput(Func<Stream> stdin) => new("standard input", stdin);

    public static ReportInput File(string path) => new(path, () => OpenFile(path));

    public Stream Open() => _open();

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot read the log '{path}': it is a folder. "
                    + "Give the path of traas.log, or - to read standard input.");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1,
                FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot read the log '{path}': no such file. "
                    + "Give the path of traas.log, or - to read standard input.");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot read the log '{path}': {e.Message} Check the file's permissions.");
        }
    }
}
