using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol on loopback. Fails loudly when
/// Chromium is not installed (.ci/run installs it); it is never skipped.
/// </summary>
internal sealed class ChromiumPage : IAsyncDisposable
{
    private const string Binary = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task? _receive;

    private ChromiumPage(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Uncaught exceptions the page threw, as the protocol reported them.</summary>
    public ConcurrentQueue<string> Exceptions { get; } = new();

    public static async Task<ChromiumPage> StartAsync()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's chromium (.ci/run does) to run the console page tests.");
        var profile = Directory.CreateTempSubdirectory("traas-chromium-").FullName;
        var start = new ProcessStartInfo(Binary,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1200,800", "about:blank",
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start chromium");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var page = new ChromiumPage(process, profile);
        await page.ConnectAsync();
        return page;
    }

    public async Task NavigateAsync(string path, string fragment = "")
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(path).AbsoluteUri + fragment });
        var deadline = DateTime.UtcNow + Timeout;
        while (await EvaluateAsync<string>("document.readyState") != "complete")
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{path} did not load in {Timeout}");
            await Task.Delay(50);
        }
    }

    public async Task<T> EvaluateAsync<T>(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result["exceptionDetails"] is { } details)
            throw new InvalidOperationException($"evaluating `{expression}` threw: {details.ToJsonString()}");
        return result["result"]!["value"].Deserialize<T>()!;
    }

    /// <summary>
    /// Polls a JavaScript condition until it holds; fails with <paramref name="what"/> after the timeout.
    /// </summary>
    public async Task WaitUntilAsync(string condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await EvaluateAsync<bool>($"!!({condition})"))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: `{condition}` did not hold within {Timeout}");
            await Task.Delay(25);
        }
    }

    /// <summary>Types into the focused element as a keyboard would (one input event).</summary>
    public Task TypeAsync(string text) => SendAsync("Input.insertText", new JsonObject { ["text"] = text });

    private async Task ConnectAsync()
    {
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(portFile) || (await File.ReadAllLinesAsync(portFile)).Length < 2)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"chromium exited with {_process.ExitCode} before it listened");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("chromium did not open its DevTools port");
            await Task.Delay(50);
        }
        var port = (await File.ReadAllLinesAsync(portFile))[0];
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        var pageTarget = targets.First(t => (string?)t!["type"] == "page")!;
        await _socket.ConnectAsync(new Uri((string)pageTarget["webSocketDebuggerUrl"]!), CancellationToken.None);
        _receive = Task.Run(ReceiveAsync);
        await SendAsync("Runtime.enable", new JsonObject());
        await SendAsync("Page.enable", new JsonObject());
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var answer = await reply.Task.WaitAsync(Timeout);
        if (answer["error"] is { } error)
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        return answer["result"]!;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return;
            }
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
                continue;
            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id && _pending.TryRemove((int)id, out var reply))
                reply.SetResult(node);
            else if ((string?)node["method"] == "Runtime.exceptionThrown")
                Exceptions.Enqueue(node["params"]!.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_receive is not null)
            await _receive.ConfigureAwait(false);
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a temp folder left behind is harmless.
        }
    }
}
