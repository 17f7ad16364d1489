namespace Traas.Tool.Gerrit;

/// <summary>A Gerrit change as Zuul's ZUUL_CHANGES names it: project:branch:refs/changes/NN/N/P.</summary>
/// <param name="Status">Gerrit's word: NEW, MERGED or ABANDONED.</param>
/// <param name="Message">The current patchset's commit message, where Zuul reads its Depends-On lines.</param>
internal sealed record GerritChange(string Project, string Branch, int Number, int Patchset, string Status = "NEW",
    string Message = "")
{
    public string Ref => string.Create(CultureInfo.InvariantCulture,
        $"refs/changes/{Number % 100:00}/{Number}/{Patchset}");
}

/// <summary>
/// Gerrit's REST API (https://gerrit-review.googlesource.com/Documentation/rest-api-changes.html):
/// a change's project, branch, current patchset, status and commit message. Answers start with )]}' to defeat XSSI.
/// </summary>
internal sealed class GerritClient(HttpClient http, Uri gerrit)
{
    /// <summary>The most of an answer read: a change's JSON is a few KiB.</summary>
    private const int MaxAnswerBytes = 1024 * 1024;

    public async Task<GerritChange> ChangeAsync(int number, CancellationToken cancellationToken)
    {
        var url = new Uri(gerrit,
            string.Create(CultureInfo.InvariantCulture, $"changes/{number}?o=CURRENT_REVISION&o=CURRENT_COMMIT"));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{gerrit.Host} answered {(int)response.StatusCode} for change {number}");
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxAnswerBytes];
            var length = await stream
                .ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, length);
            var json = text.StartsWith(")]}'", StringComparison.Ordinal) ? text[(text.IndexOf('\n') + 1)..] : text;
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var revision = root.GetProperty("current_revision").GetString()!;
            var current = root.GetProperty("revisions").GetProperty(revision);
            var patchset = current.GetProperty("_number").GetInt32();
            var status = root.TryGetProperty("status", out var word) ? word.GetString() ?? "NEW" : "NEW";
            var message = current.TryGetProperty("commit", out var commit) && commit.ValueKind == JsonValueKind.Object
                && commit.TryGetProperty("message", out var said) ? said.GetString() ?? "" : "";
            return new GerritChange(root.GetProperty("project").GetString()!, root.GetProperty("branch").GetString()!,
                number, patchset, status, message);
        }
    }
}
