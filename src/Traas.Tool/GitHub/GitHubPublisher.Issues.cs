using Octokit;
using Traas.Tool.Config;
using Traas.Tool.Resilience;

namespace Traas.Tool.GitHub;

/// <summary>
/// Periodic failures as issues: one open issue per job type, labelled <see cref="IssueLabel"/> and the
/// result class, found again by its hidden marker, opened or updated by a failure and closed by a pass.
/// </summary>
internal sealed partial class GitHubPublisher
{
    public const string IssueLabel = "traas-ci";

    /// <summary>
    /// Opens, updates or closes the job type's issue for this run; a rerun of a run changes nothing more.
    /// </summary>
    public async Task IssueAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known,
        CancellationToken cancellationToken)
    {
        if (artifacts.Result == JobResult.Cancelled)
        {
            _log.Information("the run was cancelled: the issue of {JobType} is left as it is", artifacts.JobType);
            return;
        }
        try
        {
            await IssueOfAsync(artifacts, known, cancellationToken).ConfigureAwait(false);
        }
        catch (ForbiddenException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"HTTP 403 {e.Message}: the token cannot write issues; give the job `permissions: issues: write`");
        }
    }

    private async Task IssueOfAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known,
        CancellationToken cancellationToken)
    {
        var existing = await FindIssueAsync(artifacts.JobType, cancellationToken).ConfigureAwait(false);
        if (artifacts.Result == JobResult.Passed && existing is null)
        {
            _log.Information("{JobType} passed and has no open issue: nothing to close", artifacts.JobType);
            return;
        }
        var current = RunEntry.Of(artifacts, _github.HeadSha, _github.RunUrl, _time.GetUtcNow());
        var history = CommentHistory.Read(IssueBody.HistoryBlock(existing?.Body, artifacts.JobType), _github.ServerUrl);
        foreach (var problem in history.Problems)
            _log.Warning("issue #{Number}: {Problem}", existing!.Number, problem);
        // The same run again (a re-run of the workflow) replaces its own row.
        var runs = new[] { current }
            .Concat(history.Entries.Where(e => e.RunUrl is null || e.RunUrl != current.RunUrl))
            .Take(CommentHistory.Length).ToList();
        var facts = new IssueFacts(artifacts.JobType, current,
            artifacts.Failures.FirstOrDefault(f => f.Play != "job") ?? artifacts.Failures.FirstOrDefault(),
            known, artifacts.NewLines, runs);
        var body = IssueBody.Compose(existing?.Body, facts, _links)
            ?? throw new TraasException(ExitCodes.BadInput,
                $"issue #{existing?.Number}'s text outside traas-ci's block leaves no room for the block within "
                    + $"GitHub's {CommentBody.CommentLimit} characters: shorten it");
        if (existing is null)
            await OpenIssueAsync(artifacts, body, cancellationToken).ConfigureAwait(false);
        else if (artifacts.Result == JobResult.Passed)
            await CloseIssueAsync(existing, artifacts, body, runs.Count - 1, cancellationToken).ConfigureAwait(false);
        else
            await UpdateIssueAsync(existing, artifacts, body, runs.Count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The open issue of the job type that we wrote; others with the marker are only named.</summary>
    private async Task<Issue?> FindIssueAsync(string jobType, CancellationToken cancellationToken)
    {
        var request = new RepositoryIssueRequest { State = ItemStateFilter.Open };
        request.Labels.Add(IssueLabel);
        var open = await _pipeline.CallAsync(
            () => _client.Issue.GetAllForRepository(_github.Owner, _github.Repository, request,
                new ApiOptions { PageSize = 100 }), cancellationToken).ConfigureAwait(false);
        var begin = IssueBody.Begin(jobType);
        var marked = open.Where(i => i.PullRequest is null && i.Body?.Contains(begin, StringComparison.Ordinal) == true)
            .OrderBy(i => i.Number).ToList();
        foreach (var foreign in marked.Where(i => !CommentAuthors.Wrote(i.User, _github.CommentAuthor)))
        {
            _log.Warning("issue #{Number} holds traas-ci's marker for {JobType} but was opened by {Author}, not "
                + "{Publisher}: it is ignored (never edited)", foreign.Number, jobType,
                foreign.User?.Login ?? "(unknown)", _github.CommentAuthor);
        }
        return marked.FirstOrDefault(i => CommentAuthors.Wrote(i.User, _github.CommentAuthor));
    }

    private async Task OpenIssueAsync(JobArtifacts artifacts, string body, CancellationToken cancellationToken)
    {
        var issue = new NewIssue(IssueBody.Title(artifacts.JobType)) { Body = body };
        issue.Labels.Add(IssueLabel);
        issue.Labels.Add(artifacts.Result.Label());
        var created = await _pipeline.CallAsync(
            () => _client.Issue.Create(_github.Owner, _github.Repository, issue), cancellationToken)
            .ConfigureAwait(false);
        _log.Information("opened issue #{Number} for {JobType} ({Result})", created.Number, artifacts.JobType,
            artifacts.Result.Label());
    }

    private async Task UpdateIssueAsync(Issue existing, JobArtifacts artifacts, string body, int runs,
        CancellationToken cancellationToken)
    {
        var update = Update(existing, body);
        var labels = existing.Labels.Select(l => l.Name).ToList();
        var wanted = labels.Where(l => JobResults.FromLabel(l) is null).Union([IssueLabel, artifacts.Result.Label()])
            .ToList();
        if (!wanted.ToHashSet(StringComparer.Ordinal).SetEquals(labels))
        {
            update.ClearLabels();
            foreach (var label in wanted)
                update.AddLabel(label);
        }
        await _pipeline.CallAsync(
            () => _client.Issue.Update(_github.Owner, _github.Repository, existing.Number, update),
            cancellationToken).ConfigureAwait(false);
        _log.Information("updated issue #{Number} of {JobType}: {Runs} runs since it went red", existing.Number,
            artifacts.JobType, runs);
    }

    private async Task CloseIssueAsync(Issue existing, JobArtifacts artifacts, string body, int failing,
        CancellationToken cancellationToken)
    {
        var update = Update(existing, body);
        update.State = ItemState.Closed;
        update.StateReason = ItemStateReason.Completed;
        // Closed first: a rerun finds no open issue, so the comment is never posted twice.
        await _pipeline.CallAsync(
            () => _client.Issue.Update(_github.Owner, _github.Repository, existing.Number, update),
            cancellationToken).ConfigureAwait(false);
        var sha = new string(_github.HeadSha.Where(char.IsAsciiHexDigit).Take(7).ToArray());
        var comment = Mentions.Neutralise($"✅ {artifacts.JobType} passed")
            + $" in [this run]({_links.Page}) on commit `{sha}`, after {failing} run{(failing == 1 ? "" : "s")} "
            + "that did not: closing.\n";
        await _pipeline.CallAsync(
            () => _client.Issue.Comment.Create(_github.Owner, _github.Repository, existing.Number, comment),
            cancellationToken).ConfigureAwait(false);
        _log.Information("closed issue #{Number} of {JobType}: it passed", existing.Number, artifacts.JobType);
    }

    /// <summary>The body only, and whatever else a person set on the issue left as it is.</summary>
    private static IssueUpdate Update(Issue existing, string body) => new()
    {
        Body = body,
        // Octokit always sends milestone (null clears it): send the one the issue has.
        Milestone = existing.Milestone?.Number,
    };
}
