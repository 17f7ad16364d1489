using CommandLine;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>What a failed run is compared with, for its new lines (new-lines.md, in the posted texts).</summary>
[OptionGroup]
public interface IBaselineOptions
{
    [Option("baseline", HelpText = "A passing run's traas.log to compare a failed run with (default: the baseline "
        + "artifact of the last successful workflow run on the pull request's base branch, or the run's own branch).")]
    string? Baseline { get; init; }

    [Option("baseline-artifact",
        HelpText = "The baseline artifact's name on GitHub (default: traas-baseline-JOBTYPE, as action.yml names it).")]
    string? BaselineArtifact { get; init; }

    [Option("no-baseline", HelpText = "Do not compare a failed run's log with a baseline.")]
    bool NoBaseline { get; init; }
}

internal static class BaselineOptions
{
    /// <summary>Where the baseline comes from; null with --no-baseline.</summary>
    /// <exception cref="TraasException">--baseline names no file (exit 2).</exception>
    public static BaselineSource? Source(this IBaselineOptions options) => options.NoBaseline
        ? null
        : new BaselineSource(options.Baseline switch
        {
            null => null,
            var path when File.Exists(path) => Path.GetFullPath(path),
            var path => throw new TraasException(ExitCodes.BadInput,
                $"--baseline {path}: no such file; give a passing run's traas.log, or leave it out to use GitHub's"),
        }, options.BaselineArtifact);
}
