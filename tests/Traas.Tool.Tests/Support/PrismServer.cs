using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// Prism (npm @stoplight/prism-cli) serving GitHub's official OpenAPI description (npm
/// @octokit/openapi, generated/api.github.com.json) on loopback, started once for the whole test run
/// (it takes tens of seconds to load the description) and stopped when the run ends. It answers 422,
/// naming the field, for a request the description does not allow. The npm packages are installed
/// by scripts/test.sh (npm ci in tests/github-contract); when they are missing this fails loudly.
/// </summary>
public sealed class PrismServer
{
    private static readonly Lazy<Task<PrismServer>> Shared = new(StartAsync);

    private PrismServer(Uri url) => Url = url;

    public Uri Url { get; }

    public static Task<PrismServer> GetAsync() => Shared.Value;

    public static string ContractFolder => Path.Combine(OpenStackSandbox.Repo, "tests", "github-contract");

    private static async Task<PrismServer> StartAsync()
    {
        var prism = Path.Combine(ContractFolder, "node_modules", ".bin", "prism");
        var spec = Path.Combine(ContractFolder, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
        if (!File.Exists(prism) || !File.Exists(spec))
            throw new InvalidOperationException($"Prism or GitHub's OpenAPI description is missing under {ContractFolder}: run `npm ci --prefix tests/github-contract` (scripts/test.sh does)");
        var port = FreePort();
        var start = new ProcessStartInfo(prism, ["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", spec])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It has ended already.
            }
        };
        var ready = new TaskCompletionSource();
        var output = new System.Text.StringBuilder();
        void Read(StreamReader reader) => _ = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (output)
                    output.AppendLine(line);
                if (line.Contains("Prism is listening", StringComparison.Ordinal))
                    ready.TrySetResult();
            }
        });
        Read(process.StandardOutput);
        Read(process.StandardError);
        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(4)));
        if (finished != ready.Task)
        {
            lock (output)
                throw new InvalidOperationException($"Prism did not start on 127.0.0.1:{port} within 4 minutes: {output.ToString()[^Math.Min(2000, output.Length)..]}");
        }
        return new PrismServer(new Uri($"http://127.0.0.1:{port}/"));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
