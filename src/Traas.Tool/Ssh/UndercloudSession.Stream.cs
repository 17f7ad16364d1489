using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Streams of many files from the node (<see cref="RemoteTarStream"/>), on connections of their own, one a lane:
/// SSH.NET decrypts each connection on its own thread, so two lanes and the SFTP session use more than one core.
/// A node that cannot stream (no exec, no tar, a second connection refused) is asked once only; a lane whose
/// connection fails shares the first one.
/// </summary>
internal sealed partial class UndercloudSession
{
    /// <summary>Streams at once, each on its own connection: two keep both cores of a runner busy.</summary>
    public const int Lanes = 2;

    private readonly SemaphoreSlim[] execLocks = [.. Enumerable.Range(0, Lanes).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SshClient?[] execs = new SshClient?[Lanes];
    private readonly bool[] sharesFirst = new bool[Lanes];
    private bool cannotStream;

    /// <summary>
    /// Starts a tar stream of <paramref name="files"/> below <paramref name="root"/> on <paramref name="lane"/>;
    /// null when the node cannot stream (then every file is fetched over SFTP).
    /// </summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public async Task<RemoteTarStream?> StreamAsync(string root, IReadOnlyList<RemoteTarFile> files, int lane,
        CancellationToken cancellationToken)
    {
        var connection = await ExecAsync(lane, cancellationToken).ConfigureAwait(false);
        return connection is null ? null : RemoteTarStream.Start(connection, root, files, cancellationToken);
    }

    /// <summary>
    /// Starts a tar stream below <paramref name="root"/> on each lane, waiting for its files
    /// (<see cref="RemoteTarStream.Open"/>); null for a lane where the node cannot stream or did not start it.
    /// Never throws but for a cancel.
    /// </summary>
    public async Task<RemoteTarStream?[]> OpenStreamsAsync(string root, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(async lane =>
        {
            var connection = await ExecAsync(lane, cancellationToken).ConfigureAwait(false);
            try
            {
                return connection is null ? null : RemoteTarStream.Open(connection, root, cancellationToken);
            }
            catch (RemoteStreamException e)
            {
                log.Debug("starting a stream of {Folder} ahead: {Reason}", root, e.Message);
                return null;
            }
        })).ConfigureAwait(false);

    /// <summary>Makes the streams' connections ahead of the first stream (never throws but for a cancel).</summary>
    public Task PrepareStreamingAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => ExecAsync(lane, cancellationToken)));

    /// <summary>From now on, nothing is streamed: the node answered a stream with nothing it was asked for.</summary>
    public void StopStreaming() => cannotStream = true;

    private async Task<SshClient?> ExecAsync(int lane, CancellationToken cancellationToken)
    {
        SshClient? first = null;
        if (lane > 0)
        {
            // The first lane is made first: whether the node streams at all is its to find out.
            first = await ExecAsync(0, cancellationToken).ConfigureAwait(false);
            if (first is null || sharesFirst[lane])
                return first;
        }
        await execLocks[lane].WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (cannotStream)
                return null;
            if (execs[lane] is { IsConnected: true } connected)
                return connected;
            Close(execs[lane]);
            execs[lane] = null;
            try
            {
                return execs[lane] = await ConnectClientAsync(info => new SshClient(info)
                {
                    KeepAliveInterval = TimeSpan.FromSeconds(10),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && IsSshFailure(e) && lane > 0)
            {
                log.Debug("streaming files from the node: connection {Lane} failed ({Reason}); its streams share "
                    + "the first", lane + 1, Describe(e));
                sharesFirst[lane] = true;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsSshFailure(e))
            {
                log.Information("streaming files from the node: a second SSH connection failed ({Reason}); "
                    + "collecting file by file over SFTP", Describe(e));
                cannotStream = true;
                return null;
            }
        }
        finally
        {
            execLocks[lane].Release();
        }
        return first;
    }

    private void DropExec()
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            Close(execs[lane]);
            execs[lane] = null;
        }
    }
}
