namespace Traas.Tool.Pipeline;

/// <summary>
/// A stage's output files, written all or nothing: each under a temporary ".NAME.partial" name in the
/// folder, moved into place only once every one is complete, and removed when the stage fails.
/// </summary>
internal static class StagedFiles
{
    /// <summary>
    /// Creates <paramref name="outDir"/>, hands <paramref name="write"/> one stream per file (in the order of
    /// <paramref name="files"/>), and moves the files into place once it returns.
    /// </summary>
    /// <param name="reading">What the stage reads, for the error line, e.g. "the log 'traas.log'".</param>
    /// <exception cref="TraasException">The folder cannot be created, or reading or writing fails (exit 2).</exception>
    public static async Task<(T Result, string Folder)> WriteAsync<T>(string outDir, IReadOnlyList<string> files,
        string reading, Func<IReadOnlyList<Stream>, Task<T>> write)
    {
        var folder = CreateFolder(outDir);
        var partial = files.Select(f => Path.Combine(folder, $".{f}.partial")).ToArray();
        try
        {
            var streams = new List<Stream>(partial.Length);
            T result;
            try
            {
                foreach (var path in partial)
                    streams.Add(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024));
                result = await write(streams).ConfigureAwait(false);
            }
            finally
            {
                foreach (var stream in streams)
                    await stream.DisposeAsync().ConfigureAwait(false);
            }
            for (var i = 0; i < files.Count; i++)
                File.Move(partial[i], Path.Combine(folder, files[i]), overwrite: true);
            return (result, folder);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot read {reading} or write to '{folder}': {e.Message}", e);
        }
        finally
        {
            foreach (var path in partial)
                File.Delete(path);
        }
    }

    private static string CreateFolder(string outDir)
    {
        try
        {
            return Directory.CreateDirectory(outDir).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot create the output folder '{outDir}': {e.Message} Give another --out.");
        }
    }
}
