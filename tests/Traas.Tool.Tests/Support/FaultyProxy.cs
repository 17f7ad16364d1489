using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// A TCP proxy on loopback in front of a real service. Its first connections fail on purpose
/// (closed at once, or answered 503 with Connection: close); later ones are passed through.
/// </summary>
internal sealed class FaultyProxy : IAsyncDisposable
{
    public enum Fault
    {
        Drop,
        ServiceUnavailable,
        /// <summary>429 with Retry-After: 1.</summary>
        TooManyRequests,
    }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Fault[] _faults;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public FaultyProxy(int targetPort, params Fault[] faults)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _faults = faults;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far, failed ones included.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A proxy whose every connection fails.</summary>
    public static FaultyProxy Failing(int targetPort) => new(targetPort, [.. Enumerable.Repeat(Fault.ServiceUnavailable, 10_000)]);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var index = Interlocked.Increment(ref _connections) - 1;
            _ = Task.Run(() => HandleAsync(client, index < _faults.Length ? _faults[index] : null));
        }
    }

    private async Task HandleAsync(TcpClient client, Fault? fault)
    {
        using (client)
        {
            var downstream = client.GetStream();
            if (fault == Fault.Drop)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }
            if (fault is Fault.ServiceUnavailable or Fault.TooManyRequests)
            {
                await ReadRequestHeadAsync(downstream);
                var answer = fault == Fault.ServiceUnavailable
                    ? "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nunavailable"
                    : "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow";
                await downstream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                return;
            }
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_target);
            var upstreamStream = upstream.GetStream();
            await Task.WhenAny(downstream.CopyToAsync(upstreamStream, _stop.Token), upstreamStream.CopyToAsync(downstream, _stop.Token));
        }
    }

    private static async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
                return;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
