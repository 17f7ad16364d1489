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
internal sealed class DependsOnResolver(ILogger log, Func<int, CancellationToken, Task<GerritChange>> gerrit,
    TimeProvider? clock = null)
{
    /// <summary>
    /// How long the lookups may take in all before the rest are left out: each call has its own 30 s, and
    /// a run should not wait an hour to start for 50 slow answers.
    /// </summary>
    public static readonly TimeSpan MaxLookupTime = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
        var walk = new Walk(new GitHubChanges(github), gerritUrl, github.ServerUrl)
        {
            Deadline = _clock.GetUtcNow() + MaxLookupTime,
        };
        if (github.PullRequest is { } number)
            walk.Seen.Add(PullKey(github.Owner, github.Repository, number));
        var text = await TextAsync(walk, github.PullRequestMessage, github.Owner, github.Repository, github.HeadSha)
            .ConfigureAwait(false);
        await FollowAsync(walk, text, cancellationToken).ConfigureAwait(false);
        foreach (var entry in walk.Zuul.Concat(walk.Ci))
            log.Information("Depends-On: the job is tested with {Change}", entry);
        return new JobChanges(walk.Zuul, walk.Ci);
    }

    /// <summary>What one resolution has found and seen; each change is looked up once, cycles included.</summary>
    private sealed class Walk(GitHubChanges github, Uri gerritUrl, Uri githubUrl)
    {
        public GitHubChanges GitHub { get; } = github;
        public Uri GerritUrl { get; } = gerritUrl;
        public Uri GitHubUrl { get; } = githubUrl;
        public HashSet<string> Seen { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<string> Zuul { get; } = [];
        public List<string> Ci { get; } = [];

        /// <summary>The Depends-On changes taken up so far, the pull request itself not counted.</summary>
        public int Count { get; set; }

        public required DateTimeOffset Deadline { get; init; }

        /// <summary>The limit of changes or of time is reached (and said once): nothing more is taken.</summary>
        public bool Stopped { get; set; }
    }

    /// <summary>
    /// The changes <paramref name="text"/>'s Depends-On lines name, each after its own (Zuul follows a
    /// needed change's needs too, and lists the items ahead first): at most <see cref="DependsOn.MaxChanges"/>.
    /// </summary>
    private async Task FollowAsync(Walk walk, string text, CancellationToken cancellationToken)
    {
        foreach (var change in DependsOn.Parse(text, walk.GerritUrl, walk.GitHubUrl))
        {
            if (walk.Stopped)
                return;
            var key = change switch
            {
                DependsOnChange.GitHubPull pull => PullKey(pull.Owner, pull.Repository, pull.Number),
                DependsOnChange.Gerrit review => $"gerrit {review.Number}",
                _ => $"url {change.Url}",
            };
            if (!walk.Seen.Add(key))
                continue;
            if (++walk.Count > DependsOn.MaxChanges)
            {
                log.Warning("Depends-On: more than {Most} changes in all; {Url} and the rest are left out",
                    DependsOn.MaxChanges, change.Url);
                walk.Stopped = true;
                return;
            }
            if (_clock.GetUtcNow() > walk.Deadline)
            {
                log.Warning("Depends-On: the lookups took more than {Minutes} minutes; {Url} and the rest are left out",
                    MaxLookupTime.TotalMinutes, change.Url);
                walk.Stopped = true;
                return;
            }
            switch (change)
            {
                case DependsOnChange.GitHubPull pull:
                    await AddPullAsync(walk, pull, cancellationToken).ConfigureAwait(false);
                    break;
                case DependsOnChange.Gerrit review:
                    await AddGerritAsync(walk, review, cancellationToken).ConfigureAwait(false);
                    break;
                case DependsOnChange.Unknown unknown:
                    log.Warning("Depends-On: {Url} is {Why}; it is left out", unknown.Url, unknown.Why);
                    break;
            }
        }
    }

    /// <summary>
    /// A pull request's title and body (<paramref name="message"/>) and its head commit's message, where Depends-On
    /// lines are read.
    /// </summary>
    private async Task<string> TextAsync(Walk walk, string? message, string owner, string repository, string sha)
    {
        try
        {
            var commit = await walk.GitHub.CommitMessageAsync(owner, repository, sha).ConfigureAwait(false);
            return (message ?? "") + "\n" + commit;
        }
        catch (Exception e) when (e is Octokit.ApiException or HttpRequestException or TaskCanceledException)
        {
            log.Warning(
                "Depends-On: could not read the message of {Commit} ({Why}); only the pull request's title and body "
                + "are read", sha, e.Message);
            return message ?? "";
        }
    }

    /// <summary>
    /// The pull request at the commit its head is at now, not its head ref (refs/pull/N/head), which
    /// moves with every push: as a Gerrit patchset ref does, the entry names one commit, so that what
    /// the run tests is what it says it tests (quickstart-extras fetches the entry's third part; GitHub
    /// serves a commit by its id).
    /// </summary>
    private async Task AddPullAsync(Walk walk, DependsOnChange.GitHubPull pull, CancellationToken cancellationToken)
    {
        PullHead? head;
        try
        {
            head = await walk.GitHub.PullHeadAsync(pull.Owner, pull.Repository, pull.Number).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Octokit.ApiException or HttpRequestException or TaskCanceledException)
        {
            log.Warning("Depends-On: could not look up {Url} ({Why}); give it with --zuul-changes", pull.Url,
                e.Message);
            return;
        }
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
        {
            var text = await TextAsync(walk, head.Message, pull.Owner, pull.Repository, head.Sha)
                .ConfigureAwait(false);
            await FollowAsync(walk, text, cancellationToken).ConfigureAwait(false);
            walk.Zuul.Add($"{pull.Owner}/{pull.Repository}:{head.BaseBranch}:{head.Sha}");
        }
    }

    /// <summary>A full SHA-1 or SHA-256 object id, as GitHub writes them.</summary>
    private static bool IsCommitId(string sha) => sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower);

    private static string PullKey(string owner, string repository, int number) => $"pull {owner}/{repository}#{number}";

    private async Task AddGerritAsync(Walk walk, DependsOnChange.Gerrit review, CancellationToken cancellationToken)
    {
        GerritChange change;
        try
        {
            change = await gerrit(review.Number, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
            or KeyNotFoundException or InvalidOperationException)
        {
            if (review.Project is { } project && IsCiRepository(project))
            {
                // Its URL says all traas.sh needs: it fetches the change itself, so the run need not lose it.
                log.Warning("Depends-On: could not look up change {Number} ({Url}): {Why}; it is applied as its URL "
                    + "names it, unchecked (open or abandoned) and with its own Depends-On lines not read",
                    review.Number, review.Url, e.Message);
                walk.Ci.Add($"{project}:{review.Number}");
                return;
            }
            log.Warning("Depends-On: could not look up change {Number} ({Url}): {Why}; give it with --zuul-changes",
                review.Number, review.Url, e.Message);
            return;
        }
        if (change.Status == "ABANDONED")
        {
            log.Warning("Depends-On: change {Number} ({Url}) is abandoned; it is left out", review.Number,
                review.Url);
            return;
        }
        if (change.Status == "MERGED" && !IsCiRepository(change.Project))
        {
            log.Information("Depends-On: change {Number} ({Url}) is merged: its branch has it, so it is not added",
                review.Number, review.Url);
            return;
        }
        await FollowAsync(walk, change.Message, cancellationToken).ConfigureAwait(false);
        if (IsCiRepository(change.Project))
            walk.Ci.Add($"{change.Project}:{change.Number}");
        else
            walk.Zuul.Add($"{change.Project}:{change.Branch}:{change.Ref}");
    }

    private static bool IsCiRepository(string project) => CiRepositories.Contains(project.Split('/')[^1]);
}
