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
                var (result, folder) = await StagedFiles.WriteAsync(outDir, Files, "the logs",
                    streams => LogDiff.RunAsync(baseline, failed, new LogDiffOutputs(streams[0], streams[1]), options,
                        cancellationToken)).ConfigureAwait(false);
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

    private static FileStream Open(string path, string what) =>
        InputFile.OpenSequential(path, $"{what} '{path}'", "; give the path of a log file");
}
