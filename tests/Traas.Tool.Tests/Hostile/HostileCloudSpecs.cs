using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// A cloud that cannot be reached or is not Keystone, a cacert that is not there or not a
/// certificate, clouds.yaml and templates that mislead: one line each, with its documented code.
/// </summary>
public sealed class HostileCloudSpecs : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("traas-hostile-cloud-").FullName;
    private readonly List<TcpListener> _listeners = [];

    public void Dispose()
    {
        foreach (var listener in _listeners)
            listener.Stop();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_Keystone_with_TRAAS_RETRIES_0_is_tried_once_and_is_one_line_and_exit_3()
    {
        var run = await StatusAsync(Cloud("http://127.0.0.1:1/v3"), ("TRAAS_RETRIES", "0"));

        var line = AssertOneLine(run, ExitCodes.CloudError);
        Assert.Contains("cannot reach Keystone of cloud 'c' at http://127.0.0.1:1/v3", line, StringComparison.Ordinal);
        Assert.Contains("gave up after 0 retries", line, StringComparison.Ordinal);
        Assert.Contains("Check the cloud's auth_url in", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Keystone_is_tried_as_often_as_TRAAS_RETRIES_says()
    {
        var run = await StatusAsync(Cloud("http://127.0.0.1:1/v3"), ("TRAAS_RETRIES", "2"), ("TRAAS_RETRY_DELAY", "0"));

        Assert.True(run.ExitCode == ExitCodes.CloudError, run.Stderr);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Count(l => l.Contains("trying again", StringComparison.Ordinal)));
        Assert.Contains("gave up after 2 retries", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Keystone_that_never_answers_is_given_up_after_the_request_timeout()
    {
        var port = Listen(answer: null);

        var run = await StatusAsync(Cloud($"http://127.0.0.1:{port}/v3"), ("TRAAS_RETRIES", "0"),
            ("TRAAS_REQUEST_TIMEOUT", "1"));

        var line = AssertOneLine(run, ExitCodes.CloudError);
        Assert.Contains("no answer within 1 s (TRAAS_REQUEST_TIMEOUT)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "issued no X-Subject-Token")]
    [InlineData("HTTP/1.1 201 Created\r\nX-Subject-Token: t\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>",
        "answered the token request with a body that is not JSON")]
    [InlineData("HTTP/1.1 201 Created\r\nX-Subject-Token: t\r\nContent-Length: 12\r\n\r\n{\"token\": 1}",
        "without a token's issued_at and expires_at")]
    public async Task A_web_server_that_is_not_Keystone_is_one_line_and_exit_3(string answer, string says)
    {
        var port = Listen(answer);

        var run = await StatusAsync(Cloud($"http://127.0.0.1:{port}/v3"), ("TRAAS_RETRIES", "0"));

        var line = AssertOneLine(run, ExitCodes.CloudError);
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.Contains("is auth_url of cloud 'c' an identity v3 endpoint?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auth_url_that_is_no_URL_is_one_line_and_exit_2()
    {
        var run = await StatusAsync(Cloud("keystone.example:5000"));

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains("the auth_url of cloud 'c' is not an http or https URL", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("not a certificate", "is not a certificate: it has no -----BEGIN CERTIFICATE----- block")]
    [InlineData("a folder", "cannot be read")]
    [InlineData("a damaged certificate", "holds a certificate that cannot be read")]
    public async Task A_cacert_that_is_no_certificate_is_one_line_and_exit_2_before_any_request(string kind,
        string says)
    {
        var cacert = Path.Combine(_work, "ca.pem");
        if (kind == "not a certificate")
            await File.WriteAllTextAsync(cacert, "clouds: {}\n");
        else if (kind == "a folder")
            Directory.CreateDirectory(cacert);
        else if (kind == "a damaged certificate")
            await File.WriteAllTextAsync(cacert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var run = await StatusAsync(Cloud("https://127.0.0.1:1/v3") + $"    cacert: {cacert}\n");

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains($"the cacert {cacert} of cloud 'c'", line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("clouds: {}\n")]
    [InlineData("- a list\n")]
    public async Task A_clouds_yaml_without_clouds_says_so(string text)
    {
        var run = await StatusAsync(text, cloud: null);

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains("clouds.yaml has no clouds: it needs a `clouds:` mapping", line, StringComparison.Ordinal);
        Assert.DoesNotContain("several clouds", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cloud_that_is_not_a_mapping_says_so()
    {
        var run = await StatusAsync("clouds:\n  c: just-a-name\n");

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains("cloud 'c' in ", line, StringComparison.Ordinal);
        Assert.Contains("is not a mapping of settings", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_that_is_not_UTF_8_says_so()
    {
        var template = Path.Combine(_work, "latin1.yaml");
        await File.WriteAllBytesAsync(template, Encoding.Latin1.GetBytes(
            "heat_template_version: 2018-08-31\ndescription: caf\u00e9\nresources: {}\n"));

        var run = await CliRun.RunAsync(["validate", "-t", template]);

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains($"the template {template} is not UTF-8 text (line 2 has a byte that is not UTF-8)", line,
            StringComparison.Ordinal);
        Assert.DoesNotContain("heat_template_version", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_that_is_not_UTF_8_says_so()
    {
        var template = Path.Combine(_work, "ok.yaml");
        await File.WriteAllTextAsync(template, "heat_template_version: 2018-08-31\nresources: {}\n");
        var environment = Path.Combine(_work, "utf16.yaml");
        await File.WriteAllBytesAsync(environment, Encoding.Unicode.GetPreamble()
            .Concat(Encoding.Unicode.GetBytes("parameter_defaults: {}\n")).ToArray());

        var run = await CliRun.RunAsync(["validate", "-t", template, "-e", environment]);

        var line = AssertOneLine(run, ExitCodes.BadInput);
        Assert.Contains($"the environment file {environment} is not UTF-8 text (line 1", line, StringComparison.Ordinal);
    }

    private static string Cloud(string authUrl) =>
        $"clouds:\n  c:\n    auth:\n      auth_url: '{authUrl}'\n      username: u\n      password: not-printed\n"
            + "      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n";

    private Task<CliRun> StatusAsync(string cloudsYaml, params (string Key, string Value)[] settings) =>
        StatusAsync(cloudsYaml, "c", settings);

    private async Task<CliRun> StatusAsync(string cloudsYaml, string? cloud,
        params (string Key, string Value)[] settings)
    {
        var clouds = Path.Combine(_work, "clouds.yaml");
        await File.WriteAllTextAsync(clouds, cloudsYaml);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _work,
            ["XDG_CONFIG_DIRS"] = _work,
            ["OS_CLIENT_CONFIG_FILE"] = clouds,
            ["OS_CLIENT_SECURE_FILE"] = Path.Combine(_work, "no-secure.yaml"),
        };
        foreach (var (key, value) in settings)
            environment[key] = value;
        var clock = Stopwatch.StartNew();
        string[] args = cloud is null ? ["status", "x"] : ["status", "x", "--os-cloud", cloud];
        var run = await CliRun.RunAsync(args, environment: environment);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.DoesNotContain("not-printed", run.Stderr, StringComparison.Ordinal);
        return run;
    }

    /// <summary>A loopback server that answers every request with <paramref name="answer"/>, or never.</summary>
    private int Listen(string? answer)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listeners.Add(listener);
        _ = Task.Run(async () =>
        {
            var held = new List<TcpClient>();
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    held.Add(client);
                    if (answer is null)
                        continue;
                    var stream = client.GetStream();
                    var buffer = new byte[65536];
                    _ = await stream.ReadAsync(buffer);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                    client.Close();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                held.ForEach(c => c.Dispose());
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string AssertOneLine(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("traas-ci: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        return line;
    }
}
