using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Traas.Tool.Ssh;

/// <summary>
/// An SFTP session to the undercloud. Connecting retries (Polly) until the node answers, since it
/// reboots while its user data runs; the host key is checked by <see cref="HostKeyPolicy"/> before
/// anything is sent. A session that drops is thrown away and connected again by the caller.
/// </summary>
internal sealed partial class UndercloudSession(UndercloudTarget target, PrivateKeyFile key, HostKeyPolicy hostKeys,
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
                    + $"{Plural.Minutes(budget.TotalMinutes)} (last error: "
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

    /// <summary>The user's home on the node, where the SFTP session starts.</summary>
    public string WorkingDirectory => Connected.WorkingDirectory;

    /// <summary>Forgets the connection, so that the next call needs <see cref="ConnectAsync"/> again.</summary>
    public void Drop()
    {
        Close(client);
        client = null;
        DropExec();
    }

    private void Close(BaseClient? connection)
    {
        if (connection is null)
            return;
        try
        {
            connection.Dispose();
        }
        catch (Exception e) when (IsNotAnsweringYet(e))
        {
            log.Debug("closing the dropped SSH session: {Message}", e.Message);
        }
    }

    public void Dispose() => Drop();

    private SftpClient Connected => client is { IsConnected: true } connected
        ? connected
        : throw new SshConnectionException("the SSH session to the undercloud is not connected");

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var connected = await ConnectClientAsync(info => new SftpClient(info)
        {
            KeepAliveInterval = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(60),
            // SSH.NET's channel packets hold 64 KiB: one read request fetches that much (32 KiB by default).
            BufferSize = 64 * 1024,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            SftpBufferBound.Bound(connected);
        }
        catch
        {
            connected.Dispose();
            throw;
        }
        client = connected;
    }

    /// <summary>
    /// One connection, the host key checked by <see cref="HostKeyPolicy"/> before anything is sent, with
    /// <see cref="SshAlgorithms"/>' choice of key exchanges, ciphers and MACs.
    /// </summary>
    private async Task<T> ConnectClientAsync<T>(Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        TraasException? refused = null;
        var info = new ConnectionInfo(target.Host, target.Port, target.User,
            new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        SshAlgorithms.Choose(info);
        var candidate = create(info);
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
        return candidate;
    }

    /// <summary>The host as the record of keys names it: OpenSSH's [host]:port when the port is not 22.</summary>
    private string HostName => target.Port == 22 ? target.Host : $"[{target.Host}]:{target.Port}";

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => socket.SocketErrorCode.ToString(),
        _ => e.Message,
    };
}
