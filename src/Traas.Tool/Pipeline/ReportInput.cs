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

    private static FileStream OpenFile(string path) =>
        InputFile.OpenSequential(path, $"the log '{path}'",
            ". Give the path of traas.log, or - to read standard input.");
}
