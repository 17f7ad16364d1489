namespace Traas.Tool.Pipeline;

/// <summary>What an attempt that is run again (--retry-infra) leaves: its artifacts, in their own folder.</summary>
internal sealed partial class JobRun
{
    private static string AttemptFolder(string outDir, int attempt) =>
        Path.Combine(outDir, ArtifactFiles.AttemptsFolder, attempt.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Moves everything the attempt wrote into the artifacts folder to attempts/N (the next attempt
    /// starts from an empty folder, and nothing of this one is lost); the downloaded baselines stay,
    /// for the next attempt to use. A state file kept outside the artifacts is copied there too.
    /// </summary>
    private void KeepAttemptArtifacts(RunRequest request, int attempt)
    {
        var folder = AttemptFolder(request.OutDir, attempt);
        // An earlier run's, in the same artifacts folder: replaced, as its other artifacts are.
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var outDir = new DirectoryInfo(request.OutDir);
        foreach (var entry in outDir.EnumerateFileSystemInfos())
        {
            if (entry.Name is ArtifactFiles.AttemptsFolder or NewLinesStage.BaselineFolder)
                continue;
            var target = Path.Combine(folder, entry.Name);
            if (entry is DirectoryInfo directory)
                directory.MoveTo(target);
            else
                File.Move(entry.FullName, target, overwrite: true);
        }
        var state = Path.GetFullPath(request.StatePath);
        if (File.Exists(state) && !state.StartsWith(outDir.FullName + Path.DirectorySeparatorChar,
            StringComparison.Ordinal))
        {
            File.Copy(state, Path.Combine(folder, ArtifactFiles.RunState), overwrite: true);
        }
        log.Information("attempt {Attempt}'s artifacts: {Folder}", attempt, folder);
    }
}
