using Traas.Tool.Gerrit;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>The changes a job is to be tested with, in the forms traas.sh and toci take.</summary>
/// <param name="ZuulChanges">ZUUL_CHANGES entries, project:branch:ref (a ref or a commit id).</param>
/// <param name="CiChanges">CI_CHANGES entries, project:change (the CI repos traas.sh patches itself).</param>
internal sealed record JobChanges(IReadOnlyList<string> ZuulChanges, IReadOnlyList<string> CiChanges)
{
    public static JobChanges None { get; } = new([], []);

    /// <summary>
    /// <paramref name="dependencies"/> before <paramref name="these"/>, an entry given in both once, at its place
    /// in these: Zuul's order (ZUUL_CHANGES lists the items ahead first and the change under test last), which
    /// the readers count on. quickstart-extras' zuul_deps builds the last entry of each project, and traas.sh
    /// cherry-picks CI_CHANGES in order, a dependency before what needs it.
    /// </summary>
    public static JobChanges Before(JobChanges dependencies, JobChanges these) => new(
        [.. dependencies.ZuulChanges.Where(c => !these.ZuulChanges.Contains(c)), .. these.ZuulChanges],
        [.. dependencies.CiChanges.Where(c => !these.CiChanges.Contains(c)), .. these.CiChanges]);
}

/// <summary>
/// Turns a pull request's `Depends-On:` lines (its body and its head commit's message) into the
/// job's changes: a GitHub pull request becomes owner/repo:BASE:SHA (the commit its head is at),
/// a Gerrit change of tripleo-ci or tripleo-quickstart(-extras) a CI_CHANGES entry (traas.sh
/// fetches its current patchset), any other Gerrit change project:branch:refs/changes/NN/N/P (asked
/// of the Gerrit). A URL that is neither, or that cannot be looked up, is a warning and left out.
/// As Zuul does, a merged one is not added (its branch has it) and a closed or abandoned one is left
/// out. A merged change of the CI repos is still applied: traas checks them out at pinned refs, which
/// may be older than it (and cherry-picks a change already there as an empty commit).
/// </summary>
internal sealed class DependsOnResolver(ILogger log, Func<int, CancellationToken, Task<GerritChange>> gerrit)
{
    private static readonly string[] CiRepositories = ["tripleo-ci", "tripleo-quickstart", "tripleo-quickstart-extras"];

    /// <summary>
    /// The pull request's Depends-On changes, looked up on GitHub and on <paramref name="gerritUrl"/>.
    /// </summary>
    public static async Task<JobChanges> ForPullRequestAsync(GitHubContext github, Uri gerritUrl, ILogger log,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var gerrit = new GerritClient(http, gerritUrl);
        return await new DependsOnResolver(log, gerrit.ChangeAsync).ResolveAsync(github, gerritUrl, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<JobChanges> ResolveAsync(GitHubContext github, Uri gerritUrl, CancellationToken cancellationToken)
    {
        var changes = new GitHubChanges(github);
        var text = github.PullRequestBody ?? "";
        try
        {
            text += "\n" + await changes.CommitMessageAsync(github.Owner, github.Repository, github.HeadSha)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is Octokit.ApiException or HttpRequestException or TaskCanceledException)
        {
            log.Warning(
                "Depends-On: could not read the message of {Commit} ({Why}); only the pull request's body is read",
                github.HeadSha, e.Message);
        }
        var zuul = new List<string>();
        var ci = new List<string>();
        foreach (var change in DependsOn.Parse(text, gerritUrl, github.ServerUrl))
        {
            switch (change)
            {
                case DependsOnChange.GitHubPull pull:
                    AddPull(pull, await changes.PullHeadAsync(pull.Owner, pull.Repository, pull.Number)
                        .ConfigureAwait(false), zuul);
                    break;
                case DependsOnChange.Gerrit { Project: { } project } known when IsCiRepository(project):
                    ci.Add($"{project}:{known.Number}");
                    break;
                case DependsOnChange.Gerrit review:
                    await AddGerritAsync(review, zuul, ci, cancellationToken).ConfigureAwait(false);
                    break;
                case DependsOnChange.Unknown unknown:
                    log.Warning("Depends-On: {Url} is {Why}; it is left out", unknown.Url, unknown.Why);
                    break;
            }
        }
        foreach (var entry in zuul.Concat(ci))
            log.Information("Depends-On: the job is tested with {Change}", entry);
        return new JobChanges(zuul, ci);
    }

    /// <summary>
    /// The pull request at the commit its head is at now, not its head ref (refs/pull/N/head), which
    /// moves with every push: as a Gerrit patchset ref does, the entry names one commit, so that what
    /// the run tests is what it says it tests (quickstart-extras fetches the entry's third part; GitHub
    /// serves a commit by its id).
    /// </summary>
    private void AddPull(DependsOnChange.GitHubPull pull, PullHead? head, List<string> zuul)
    {
        if (head is null)
            log.Warning("Depends-On: {Url}: there is no such pull request; it is left out", pull.Url);
        else if (head.Merged)
            log.Information("Depends-On: {Url} is merged: its base branch has it, so it is not added", pull.Url);
        else if (!head.Open)
            log.Warning("Depends-On: {Url} is closed without being merged; it is left out", pull.Url);
        else if (!IsCommitId(head.Sha) || head.BaseBranch.Length == 0
                 || head.BaseBranch.IndexOfAny([':', '^']) >= 0)
            log.Warning(
                "Depends-On: {Url}: GitHub's answer names no usable base branch and head commit; it is left out",
                pull.Url);
        else
            zuul.Add($"{pull.Owner}/{pull.Repository}:{head.BaseBranch}:{head.Sha}");
    }

    /// <summary>A full SHA-1 or SHA-256 object id, as GitHub writes them.</summary>
    private static bool IsCommitId(string sha) => sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower);

    private async Task AddGerritAsync(DependsOnChange.Gerrit review, List<string> zuul, List<string> ci,
        CancellationToken cancellationToken)
    {
        try
        {
            var change = await gerrit(review.Number, cancellationToken).ConfigureAwait(false);
            if (change.Status == "ABANDONED")
                log.Warning("Depends-On: change {Number} ({Url}) is abandoned; it is left out", review.Number,
                    review.Url);
            else if (IsCiRepository(change.Project))
                ci.Add($"{change.Project}:{change.Number}");
            else if (change.Status == "MERGED")
                log.Information("Depends-On: change {Number} ({Url}) is merged: its branch has it, so it is not added",
                    review.Number, review.Url);
            else
                zuul.Add($"{change.Project}:{change.Branch}:{change.Ref}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
            or KeyNotFoundException or InvalidOperationException)
        {
            log.Warning("Depends-On: could not look up change {Number} ({Url}): {Why}; give it with --zuul-changes",
                review.Number, review.Url, e.Message);
        }
    }

    private static bool IsCiRepository(string project) => CiRepositories.Contains(project.Split('/')[^1]);
}
