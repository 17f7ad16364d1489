using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using Serilog;
using Traas.Tool.Model;

namespace Traas.Tool.Ssh;

/// <summary>
/// An SFTP session to the undercloud. Connecting retries (Polly) until the node answers, since it
/// reboots while its user data runs; the host key is checked by <see cref="HostKeyPolicy"/> before
/// anything is sent. A session that drops is thrown away and connected again by the caller.
/// </summary>
internal sealed class UndercloudSession(UndercloudTarget target, PrivateKeyFile key, HostKeyPolicy hostKeys,
    ILogger log) : IDisposable
{
    /// <summary>Refusals of the key in a row before it is taken as the wrong key, not a node still booting.</summary>
    private const int AuthenticationTries = 4;

    private SftpClient? client;

    public UndercloudTarget Target => target;

    /// <summary>The key policy's verdict of the last connection: first use, known or pinned.</summary>
    public HostKeyPolicy.Verdict? LastVerdict { get; private set; }

    /// <summary>Connects, trying again on what a booting node answers, for at most <paramref name="budget"/>.</summary>
    public async Task ConnectAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        Drop();
        var refusals = 0;
        var lastReport = DateTime.MinValue;
        var started = DateTime.UtcNow;
        Exception? lastError = null;
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = budget })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(10),
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e =>
                    IsNotAnsweringYet(e) || e is SshAuthenticationException && refusals < AuthenticationTries),
                OnRetry = args =>
                {
                    lastError = args.Outcome.Exception;
                    // Progress on a long wait, without a line per try.
                    if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(30))
                    {
                        log.Information("the undercloud {Target} does not answer yet ({Reason}); "
                            + "trying again for up to {Left:0} more minutes",
                            target, Describe(lastError!),
                            Math.Max(0, (budget - (DateTime.UtcNow - started)).TotalMinutes));
                        lastReport = DateTime.UtcNow;
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                try
                {
                    await ConnectOnceAsync(token).ConfigureAwait(false);
                }
                catch (SshAuthenticationException)
                {
                    refusals++;
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            throw new TraasException(ExitCodes.NodeFailure,
                $"NODE_FAILURE: the undercloud {target} did not answer SSH within "
                    + $"{budget.TotalMinutes:0.#} minutes (last error: "
                    + $"{(lastError is null ? "none" : Describe(lastError))})");
        }
        catch (SshAuthenticationException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"the undercloud {target} refused the SSH key {refusals} times ("
                    + $"{e.Message}); give the private key of the stack's key_name with --ssh-key or "
                    + $"{Config.ToolSettings.SshKeyVariable}, and the right --ssh-user");
        }
    }

    /// <summary>Whether a failure is what a node that is booting, rebooting or briefly unreachable answers.</summary>
    public static bool IsNotAnsweringYet(Exception e) => e switch
    {
        // traas-ci's own verdict (a refused host key, a record of keys it cannot write), whatever its cause.
        TraasException => false,
        SocketException or SshConnectionException or SshOperationTimeoutException or ProxyException
            or TimeoutException => true,
        IOException io => io.InnerException is null || IsNotAnsweringYet(io.InnerException),
        ObjectDisposedException => true,
        _ => e.InnerException is not null && IsNotAnsweringYet(e.InnerException),
    };

    /// <summary>
    /// Whether a failure came from the SSH session (the node, the network or the SFTP server), not from traas-ci.
    /// </summary>
    public static bool IsSshFailure(Exception e) => IsNotAnsweringYet(e) || e is SshException;

    /// <summary>
    /// Reads from <paramref name="offset"/> to the end of the file as it is now, handing each piece to
    /// <paramref name="piece"/>; nothing if it does not exist yet.
    /// </summary>
    public async Task<long> ReadFromAsync(string path, long offset, Action<ReadOnlyMemory<byte>> piece,
        CancellationToken cancellationToken)
    {
        SftpFileStream stream;
        try
        {
            stream = await Connected.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return 0;
        }
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length <= offset)
                return 0;
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[256 * 1024];
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                piece(buffer.AsMemory(0, read));
                total += read;
            }
            return total;
        }
    }

    /// <summary>A small text file (the exit marker), or null when it does not exist.</summary>
    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await Connected.DownloadFileAsync(path, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public async Task DownloadAsync(string path, Stream destination, CancellationToken cancellationToken) =>
        await Connected.DownloadFileAsync(path, destination, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The regular files under a folder, depth first in name order, with their paths relative to it;
    /// a folder that does not exist is empty (and said so).
    /// </summary>
    public IAsyncEnumerable<(ISftpFile File, string Relative)> WalkAsync(string folder,
        CancellationToken cancellationToken) =>
        WalkAsync(folder, "", cancellationToken);

    private async IAsyncEnumerable<(ISftpFile File, string Relative)> WalkAsync(string folder, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ISftpFile> entries = [];
        try
        {
            await foreach (var entry in Connected.ListDirectoryAsync(folder, cancellationToken).ConfigureAwait(false))
                entries.Add(entry);
        }
        catch (SftpPathNotFoundException)
        {
            log.Warning("nothing to collect under {Folder}: it does not exist", folder);
            yield break;
        }
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name is "." or "..")
                continue;
            var relative = prefix + entry.Name;
            if (entry.IsDirectory)
            {
                await foreach (var inner in WalkAsync(entry.FullName, relative + "/", cancellationToken)
                    .ConfigureAwait(false))
                    yield return inner;
            }
            else if (entry.IsRegularFile)
            {
                yield return (entry, relative);
            }
        }
    }

    public string WorkingDirectory => Connected.WorkingDirectory;

    /// <summary>Forgets the connection, so that the next call needs <see cref="ConnectAsync"/> again.</summary>
    public void Drop()
    {
        if (client is null)
            return;
        try
        {
            client.Dispose();
        }
        catch (Exception e) when (IsNotAnsweringYet(e))
        {
            log.Debug("closing the dropped SSH session: {Message}", e.Message);
        }
        client = null;
    }

    public void Dispose() => Drop();

    private SftpClient Connected => client is { IsConnected: true } connected
        ? connected
        : throw new SshConnectionException("the SSH session to the undercloud is not connected");

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        TraasException? refused = null;
        var info = new ConnectionInfo(target.Host, target.Port, target.User,
            new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        var candidate = new SftpClient(info)
        {
            KeepAliveInterval = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(60),
        };
        candidate.HostKeyReceived += (_, e) =>
        {
            try
            {
                LastVerdict = hostKeys.Check(target.StackId, HostName, e.FingerPrintSHA256);
                e.CanTrust = true;
            }
            catch (TraasException rejected)
            {
                refused = rejected;
                e.CanTrust = false;
            }
        };
        try
        {
            await candidate.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (refused is not null)
        {
            candidate.Dispose();
            throw refused;
        }
        catch
        {
            candidate.Dispose();
            throw;
        }
        client = candidate;
    }

    /// <summary>The host as the record of keys names it: OpenSSH's [host]:port when the port is not 22.</summary>
    private string HostName => target.Port == 22 ? target.Host : $"[{target.Host}]:{target.Port}";

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => socket.SocketErrorCode.ToString(),
        _ => e.Message,
    };
}
