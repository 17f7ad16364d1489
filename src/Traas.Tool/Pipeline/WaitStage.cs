using Renci.SshNet.Common;
using Traas.Reporting.Input;
using Traas.Tool.GitHub;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// How the wait ended: the job's exit status; or no status, with the reason when the exit marker
/// could not be read as one (FAILED), else TIMED_OUT (no marker before the job timeout); and the
/// log's bytes shown.
/// </summary>
internal sealed record WaitResult(int? ExitStatus, long LogBytes, string? MarkerProblem = null);

/// <summary>What the wait stage needs to know besides the session.</summary>
/// <param name="MaxLogBytes">traas.log is read up to this size; what a job writes beyond it is not read.</param>
/// <param name="Heartbeat">How long the job may be silent before a line says the wait goes on.</param>
internal sealed record WaitSettings(TimeSpan JobTimeout, TimeSpan ConnectTimeout, TimeSpan PollInterval,
    long MaxLogBytes = WaitSettings.DefaultMaxLogBytes, TimeSpan? Heartbeat = null)
{
    public const long DefaultMaxLogBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The most read from traas.log in one poll, so that a poll ends and the marker and deadline are looked at.
    /// </summary>
    public const long MaxBytesPerPoll = 64L * 1024 * 1024;

    /// <summary>The exit marker is a number: more bytes than this are not one.</summary>
    public const int MaxMarkerBytes = 32;

    /// <summary>
    /// A poll is cut at the job's deadline, so that a node that answers a byte at a time cannot hold the run
    /// for days; one that starts nearer the deadline than this still has this long (in the runner's own
    /// time), so that a job that ends at its deadline is still seen to end.
    /// </summary>
    public static readonly TimeSpan LastPoll = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The wait stage: follows the toci job on the undercloud until its exit marker appears. Every poll
/// reads the marker first, then traas.log from the last byte read (at most a bounded piece), so that
/// once the marker is seen the log read after it is complete (traas.sh writes "exit N" before the
/// marker). New lines go to the console as they come and the bytes to a local copy of traas.log, so
/// that what was seen is kept even if collecting fails. A dropped connection or a rebooting node is
/// connected again and the tail resumes at the same byte: no line is shown twice or lost. The
/// deadline is looked at after every poll, whatever it ended in. The node controls both files: only
/// regular files are read, the marker is a few bytes and must be a number, the log has a size limit.
/// </summary>
internal sealed class WaitStage(UndercloudSession session, LiveLogWriter console, ILogger log, WaitSettings settings,
    TimeProvider? time = null, LineRedactor? redactor = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="cursor">Where to resume (0 for a new job).</param>
    /// <param name="localCopy">The local traas.log; it is cut to the cursor's offset and appended to.</param>
    /// <param name="progress">
    /// Called with the committed offset after each poll that read something (for the state file).
    /// </param>
    public async Task<WaitResult> RunAsync(LogCursor cursor, string localCopy, Action<long> progress,
        CancellationToken cancellationToken)
    {
        var target = session.Target;
        var started = _time.GetUtcNow();
        var deadline = started + settings.JobTimeout;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localCopy))!);
        await using var copy = new FileStream(localCopy, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        copy.SetLength(cursor.Offset);
        copy.Seek(cursor.Offset, SeekOrigin.Begin);
        var connected = false;
        var lastNews = started;
        var logCapped = false;
        log.Information(
            "waiting for the job on {Target}: {Log} (exit marker {Marker}), for at most {Minutes:0.#} minutes",
            target, target.LogPath, target.MarkerPath, settings.JobTimeout.TotalMinutes);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var left = deadline - _time.GetUtcNow();
                poll.CancelAfter(left > WaitSettings.LastPoll ? left : WaitSettings.LastPoll);
                try
                {
                    if (!connected)
                    {
                        await ConnectAsync(cursor, deadline, cancellationToken).ConfigureAwait(false);
                        connected = true;
                    }
                    // The marker first: if it is there, the log read next is complete.
                    var marker = await ReadMarkerAsync(target, poll.Token).ConfigureAwait(false);
                    var room = Math.Min(WaitSettings.MaxBytesPerPoll, settings.MaxLogBytes - cursor.Offset);
                    var read = room <= 0 ? 0 : await session.ReadFromAsync(target.LogPath, cursor.Offset, room, piece =>
                    {
                        copy.Write(piece.Span);
                        foreach (var line in cursor.Feed(piece.Span))
                            console.WriteLine(redactor?.Redact(line) ?? line);
                    }, poll.Token).ConfigureAwait(false);
                    if (read > 0)
                    {
                        await copy.FlushAsync(cancellationToken).ConfigureAwait(false);
                        progress(cursor.CommittedOffset);
                        lastNews = _time.GetUtcNow();
                    }
                    if (room <= 0 && !logCapped)
                    {
                        logCapped = true;
                        log.Warning("traas.log reached the size limit of {MiB:0} MiB: the rest of it is not read, "
                            + "the wait goes on for the exit marker", settings.MaxLogBytes / 1048576.0);
                    }
                    if (marker is { } found)
                        return Finish(cursor, found);
                }
                catch (OperationCanceledException) when (poll.IsCancellationRequested
                    && !cancellationToken.IsCancellationRequested)
                {
                    return TimedOut(cursor, "the undercloud answered too slowly to read traas.log to its end");
                }
                catch (TraasException e) when (e.ExitCode == ExitCodes.NodeFailure && _time.GetUtcNow() >= deadline)
                {
                    // The node stopped answering and the job's time is up: the job timed out, it did not fail to start.
                    return TimedOut(cursor, "the undercloud did not answer again");
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested
                    && UndercloudSession.IsNotAnsweringYet(e))
                {
                    // A poll that timed out counts against the job's time like any other.
                    if (_time.GetUtcNow() >= deadline)
                        return TimedOut(cursor, "the undercloud did not answer");
                    log.Warning(
                        "lost the SSH connection to {Target} at byte {Offset} of the log ({Reason}); connecting again",
                        target, cursor.Offset, e.Message);
                    session.Drop();
                    connected = false;
                    continue;
                }
                catch (SshException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The node's SFTP server refused the log or broke its protocol (permission denied, a packet too
                    // large): connecting again would meet the same answer.
                    throw new TraasException(ExitCodes.NodeFailure,
                        $"NODE_FAILURE: the undercloud {target} did not let traas.log be read: {e.Message}");
                }
                var now = _time.GetUtcNow();
                if (now >= deadline)
                    return TimedOut(cursor, $"the job wrote no exit marker ({target.MarkerPath})");
                if (settings.Heartbeat is { } heartbeat && now - lastNews >= heartbeat)
                {
                    log.Information("still waiting for the job: {Elapsed} so far, {MiB:0.0} MiB of traas.log read, "
                        + "nothing new for {Silent}",
                        Span(now - started), cursor.Offset / 1048576.0, Span(now - lastNews));
                    lastNews = now;
                }
                await Task.Delay(settings.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            console.Complete();
            progress(cursor.CommittedOffset);
        }
    }

    private WaitResult TimedOut(LogCursor cursor, string why)
    {
        log.Error("TIMED_OUT: {Why} within {Minutes:0.#} minutes; it may still run on the undercloud",
            why, settings.JobTimeout.TotalMinutes);
        return new WaitResult(null, cursor.CommittedOffset);
    }

    /// <summary>The marker as a result: null while it is not there, else an exit status or why it is not one.</summary>
    private async Task<Marker?> ReadMarkerAsync(UndercloudTarget target, CancellationToken cancellationToken)
    {
        (byte[] Bytes, bool More)? read;
        try
        {
            read = await session.ReadSmallAsync(target.MarkerPath, WaitSettings.MaxMarkerBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RemoteFileException e)
        {
            return new Marker(null, $"the exit marker {e.Message}");
        }
        if (read is not { } marker)
            return null;
        var text = System.Text.Encoding.UTF8.GetString(marker.Bytes).Trim();
        if (!marker.More
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status))
            return new Marker(status, null);
        var shown = marker.More ? $"more than {WaitSettings.MaxMarkerBytes} bytes" : $"'{text}'";
        return new Marker(null,
            $"the exit marker {target.MarkerPath} holds {shown}, not an exit status; the job's wrapper is broken");
    }

    private sealed record Marker(int? Status, string? Problem);

    private async Task ConnectAsync(LogCursor cursor, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var left = deadline - _time.GetUtcNow();
        var budget = left < settings.ConnectTimeout ? left : settings.ConnectTimeout;
        if (budget <= TimeSpan.Zero)
            budget = TimeSpan.FromSeconds(1);
        await session.ConnectAsync(budget, cancellationToken).ConfigureAwait(false);
        log.Information("connected to {Target} (host key: {Verdict}); reading the log from byte {Offset}",
            session.Target, session.LastVerdict switch
            {
                HostKeyPolicy.Verdict.FirstUse => "first use, recorded for this stack",
                HostKeyPolicy.Verdict.Known => "as recorded for this stack",
                _ => "pinned",
            }, cursor.Offset);
    }

    /// <summary>
    /// A finished job's last line is shown even without a newline. A job that timed out may still
    /// be writing that line: it stays unread, so a later `wait` shows it once, whole.
    /// </summary>
    private WaitResult Finish(LogCursor cursor, Marker marker)
    {
        if (cursor.Flush() is { } last)
            console.WriteLine(redactor?.Redact(last) ?? last);
        if (marker.Status is not { } code)
        {
            log.Error("FAILED: {Problem}", marker.Problem);
            return new WaitResult(null, cursor.Offset, marker.Problem);
        }
        log.Information("the job ended with exit status {Status}", code);
        return new WaitResult(code, cursor.Offset);
    }

    private static string Span(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.Seconds} s";
}
