using Traas.Reporting.Triage;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The diff stage: a baseline log (a passing run's traas.log) and a failed log in, new-lines.json
/// and new-lines.md out (see <see cref="LogDiff"/>). Both are written under temporary names and
/// moved into place once both are complete.
/// </summary>
internal sealed class DiffStage(ILogger log)
{
    private static readonly IReadOnlyList<string> Files = ArtifactFiles.Diffs;

    /// <exception cref="TraasException">A log cannot be read or the folder written (exit 2).</exception>
    public async Task<LogDiffResult> RunAsync(string baselinePath, string failedPath, string outDir,
        LogDiffOptions options, CancellationToken cancellationToken)
    {
        options = options with
        {
            BaselineName = options.BaselineName == new LogDiffOptions().BaselineName
                ? Path.GetFileName(baselinePath) : options.BaselineName,
            FailedName = options.FailedName == new LogDiffOptions().FailedName
                ? Path.GetFileName(failedPath) : options.FailedName,
        };
        var baseline = Open(baselinePath, "--baseline");
        await using (baseline.ConfigureAwait(false))
        {
            var failed = Open(failedPath, "the failed log");
            await using (failed.ConfigureAwait(false))
            {
                var folder = CreateFolder(outDir);
                var partial = Files.Select(f => Path.Combine(folder, $".{f}.partial")).ToArray();
                LogDiffResult result;
                try
                {
                    result = await CompareAsync(baseline, failed, partial, options, cancellationToken)
                        .ConfigureAwait(false);
                    for (var i = 0; i < Files.Count; i++)
                        File.Move(partial[i], Path.Combine(folder, Files[i]), overwrite: true);
                }
                catch (IOException e) when (e is not FileNotFoundException)
                {
                    throw new TraasException(ExitCodes.BadInput,
                        $"cannot read the logs or write to '{folder}': {e.Message}", e);
                }
                finally
                {
                    foreach (var path in partial)
                        File.Delete(path);
                }
                log.Information("new lines: {New}, in blocks: {Blocks}; lines shown: {Shown} of {Lines} "
                    + "({Reduction:0.0}% reduction); baseline lines: {Baseline}; wrote {Files} to {Folder}",
                    result.NewLines, result.BlockCount, result.ShownLines, result.FailedLines,
                    result.Reduction * 100, result.BaselineLines, string.Join(", ", Files), folder);
                if (result.BaselineIndexFull)
                    log.Warning("the baseline has more distinct lines than the index holds; the rest were not indexed");
                return result;
            }
        }
    }

    private static async Task<LogDiffResult> CompareAsync(Stream baseline, Stream failed, string[] paths,
        LogDiffOptions options, CancellationToken cancellationToken)
    {
        var json = new FileStream(paths[0], FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        await using (json.ConfigureAwait(false))
        {
            var summary = new FileStream(paths[1], FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            await using (summary.ConfigureAwait(false))
            {
                return await LogDiff.RunAsync(baseline, failed, new LogDiffOutputs(json, summary), options,
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static FileStream Open(string path, string what)
    {
        if (Directory.Exists(path))
            throw new TraasException(ExitCodes.BadInput, $"{what} '{path}' is a folder; give the path of a log file");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1,
                FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput, $"{what} '{path}': no such file");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new TraasException(ExitCodes.BadInput, $"{what} '{path}': cannot read it: {e.Message}");
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
