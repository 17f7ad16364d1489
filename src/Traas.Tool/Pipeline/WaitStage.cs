using System.Globalization;
using Serilog;
using Traas.Tool.GitHub;
using Traas.Tool.Model;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// How the wait ended: the job's exit status, or TIMED_OUT (no exit marker before the job timeout);
/// and the log's bytes shown.
/// </summary>
internal sealed record WaitResult(int? ExitStatus, long LogBytes);

/// <summary>What the wait stage needs to know besides the session.</summary>
internal sealed record WaitSettings(TimeSpan JobTimeout, TimeSpan ConnectTimeout, TimeSpan PollInterval);

/// <summary>
/// The wait stage: follows the toci job on the undercloud until its exit marker appears. Every poll
/// reads the marker first, then traas.log from the last byte read to its end, so that once the
/// marker is seen the log read after it is complete (traas.sh writes "exit N" before the marker).
/// New lines go to the console as they come and the bytes to a local copy of traas.log, so that
/// what was seen is kept even if collecting fails. A dropped connection or a rebooting node is
/// connected again and the tail resumes at the same byte: no line is shown twice or lost.
/// </summary>
internal sealed class WaitStage(UndercloudSession session, LiveLogWriter console, ILogger log, WaitSettings settings,
    TimeProvider? time = null)
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
        var deadline = _time.GetUtcNow() + settings.JobTimeout;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localCopy))!);
        await using var copy = new FileStream(localCopy, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        copy.SetLength(cursor.Offset);
        copy.Seek(cursor.Offset, SeekOrigin.Begin);
        var connected = false;
        log.Information(
            "waiting for the job on {Target}: {Log} (exit marker {Marker}), for at most {Minutes:0.#} minutes",
            target, target.LogPath, target.MarkerPath, settings.JobTimeout.TotalMinutes);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (!connected)
                    {
                        try
                        {
                            await ConnectAsync(cursor, deadline, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TraasException e) when (e.ExitCode == ExitCodes.NodeFailure
                            && _time.GetUtcNow() >= deadline)
                        {
                            log.Error("TIMED_OUT: the undercloud did not answer again before the job timeout "
                                + "({Minutes:0.#} minutes)", settings.JobTimeout.TotalMinutes);
                            return Finish(cursor, null);
                        }
                        connected = true;
                    }
                    // The marker first: if it is there, the log read next is complete.
                    var marker = await session.ReadTextAsync(target.MarkerPath, cancellationToken)
                        .ConfigureAwait(false);
                    var read = await session.ReadFromAsync(target.LogPath, cursor.Offset, piece =>
                    {
                        copy.Write(piece.Span);
                        foreach (var line in cursor.Feed(piece.Span))
                            console.WriteLine(line);
                    }, cancellationToken).ConfigureAwait(false);
                    if (read > 0)
                    {
                        await copy.FlushAsync(cancellationToken).ConfigureAwait(false);
                        progress(cursor.CommittedOffset);
                    }
                    if (marker is not null)
                        return Finish(cursor, ParseMarker(marker, target));
                }
                catch (Exception e) when (UndercloudSession.IsNotAnsweringYet(e)
                    && !cancellationToken.IsCancellationRequested)
                {
                    log.Warning(
                        "lost the SSH connection to {Target} at byte {Offset} of the log ({Reason}); connecting again",
                        target, cursor.Offset, e.Message);
                    session.Drop();
                    connected = false;
                    continue;
                }
                if (_time.GetUtcNow() >= deadline)
                {
                    log.Error("TIMED_OUT: the job wrote no exit marker ({Marker}) within {Minutes:0.#} minutes; "
                        + "it may still run on the undercloud",
                        target.MarkerPath, settings.JobTimeout.TotalMinutes);
                    return Finish(cursor, null);
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
    private WaitResult Finish(LogCursor cursor, int? status)
    {
        if (status is not { } code)
            return new WaitResult(null, cursor.CommittedOffset);
        if (cursor.Flush() is { } last)
            console.WriteLine(last);
        log.Information("the job ended with exit status {Status}", code);
        return new WaitResult(code, cursor.Offset);
    }

    private static int ParseMarker(string text, UndercloudTarget target) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status)
            ? status
            : throw new TraasException(ExitCodes.JobFailed,
                $"the exit marker {target.MarkerPath} holds '"
                    + $"{text.Trim()}', not an exit status; the job's wrapper is broken");
}
