using System.Net;
using System.Text;
using Traas.Reporting.History;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>The job health page (`traas-ci history`), opened in Debian's headless Chromium.</summary>
public sealed class HealthPageSpecs : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("traas-health-").FullName;
    private ChromiumPage _browser = null!;

    public async Task InitializeAsync() => _browser = await ChromiumPage.StartAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task I_can_read_each_job_types_pass_rates_median_trend_runs_and_failing_and_flaky_tasks()
    {
        var runs = new List<RunRecord>
        {
            Run("fs004", "PASSED", 1, "c3", 100),
            Run("fs004", "FAILED", 2, "c3", 50, "deploy : overcloud"),
            Run("fs004", "PASSED", 3, "c2", 90),
            Run("fs004", "FAILED", 10, "c1", 20, "deploy : overcloud", "validate : ping"),
            Run("fs004", "CANCELLED", 20, "c1", null),
            Run("fs004", "PASSED", 40, "c0", 80),
            Run("fs010", "TIMED_OUT", 1, "d1", 240),
        };

        await OpenAsync(runs, new HealthOptions { Now = Now, LastRuns = 5 });

        Assert.Empty(_browser.Exceptions);
        Assert.Equal("fs004|fs010", await Text("[...document.querySelectorAll('section.job h2')].map(e => e.textContent).join('|')"));
        Assert.Equal("67%|50%|1 h 20 min", await Text(Figures(0)));
        Assert.Equal("0%|0%|4 h 00 min", await Text(Figures(1)));
        Assert.Equal(5, await _browser.EvaluateAsync<int>("document.querySelectorAll('section.job')[0].querySelectorAll('table.runs tbody tr').length"));
        Assert.Equal(5, await _browser.EvaluateAsync<int>("document.querySelectorAll('section.job')[0].querySelectorAll('svg.trend rect').length"));
        Assert.Equal("2026-11-30 12:00|✅ passed|PASSED|1 h 40 min|c3|run", await Text("[...document.querySelector('table.runs tbody tr').cells].map(c => c.textContent).join('|')"));
        Assert.Equal("deploy : overcloud 2 runs|validate : ping 1 runs", await Text(Rows("table.failing")));
        Assert.Equal("deploy : overcloud 1 times", await Text(Rows("table.flaky")));
        Assert.Equal("none", await Text("document.querySelectorAll('section.job')[1].querySelector('p.flaky').textContent"));
        Assert.Contains("2026-11-30 12:00 UTC: PASSED, 1 h 40 min", await Text("document.querySelector('svg.trend rect:last-child title').textContent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_script_from_job_names_task_names_results_or_urls_runs_and_each_shows_as_text()
    {
        const string name = "<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\">";
        var runs = new List<RunRecord>
        {
            Run(name, "FAILED", 1, "<svg onload=window.pwned=3>", 30, "<img src=x onerror=window.pwned=4>", "\"><iframe src=javascript:window.pwned=5>")
                with { Url = "javascript:window.pwned=6" },
            Run(name, "<b onclick=window.pwned=7>PASSED</b>", 2, "c1", 30) with { Url = "https://ok.example/x\"onmouseover=\"window.pwned=8" },
            Run(name, "FAILED", 3, "c1", 30) with { Url = "data:text/html,<script>window.pwned=9</script>" },
        };

        await OpenAsync(runs, new HealthOptions { Now = Now, Title = "</title><script>window.pwned=10</script>" });

        Assert.Empty(_browser.Exceptions);
        Assert.Equal("undefined", await Text("typeof window.pwned"));
        Assert.Equal(0, await _browser.EvaluateAsync<int>("document.scripts.length + document.querySelectorAll('img, iframe, td b, td svg, h2 *').length"));
        Assert.Equal(1, await _browser.EvaluateAsync<int>("document.querySelectorAll('svg').length"));
        Assert.False(await _browser.EvaluateAsync<bool>("[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))"));
        Assert.Equal(name, await Text("document.querySelector('section.job h2').textContent"));
        Assert.Equal("</title><script>window.pwned=10</script>", await Text("document.title"));
        Assert.Contains("<img src=x onerror=window.pwned=4>", await Text(Rows("table.failing")), StringComparison.Ordinal);
        Assert.Equal("https://ok.example/x%22onmouseover=%22window.pwned=8", await Text("[...document.querySelectorAll('a')].map(a => a.href).join('|')"));
        Assert.Equal(2, await _browser.EvaluateAsync<int>("[...document.querySelectorAll('td')].filter(t => t.textContent === '(not a web address)').length"));
    }

    [Fact]
    public async Task A_runs_link_opens_its_page()
    {
        using var server = new HttpListener();
        var port = FreePort();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        _ = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            var bytes = Encoding.UTF8.GetBytes($"<!DOCTYPE html><title>workflow run {context.Request.Url!.AbsolutePath}</title>");
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        var url = $"http://127.0.0.1:{port}/traas-ci/demo/actions/runs/4242";

        await OpenAsync([Run("fs004", "FAILED", 1, "c1", 10) with { Url = url }], new HealthOptions { Now = Now });
        await _browser.EvaluateAsync<bool>("(document.querySelector('table.runs a').click(), true)");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await Text("document.title") != "workflow run /traas-ci/demo/actions/runs/4242" && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(url, await Text("location.href"));
        Assert.Equal("workflow run /traas-ci/demo/actions/runs/4242", await Text("document.title"));
    }

    [Fact]
    public async Task With_no_runs_the_page_says_so()
    {
        await OpenAsync([], new HealthOptions { Now = Now });

        Assert.Equal("No runs found.", await Text("document.querySelector('p.empty').textContent"));
        Assert.Equal("0 runs of 0 job types; generated 2026-12-01 12:00 UTC", await Text("document.querySelector('p.generated').textContent"));
    }

    private static RunRecord Run(string job, string result, int daysAgo, string commit, int? minutes, params string[] failing) =>
        new(job, result, Now.AddDays(-daysAgo))
        {
            Commit = commit,
            Duration = minutes is { } m ? TimeSpan.FromMinutes(m) : null,
            Url = $"https://github.example/traas-ci/demo/actions/runs/{daysAgo}",
            FailingTasks = failing,
        };

    private static string Figures(int job) =>
        $"[...document.querySelectorAll('section.job')[{job}].querySelectorAll('.figure b')].map(e => e.textContent).join('|')";

    private static string Rows(string table) =>
        $"[...document.querySelector('{table}').rows].map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent).join('|')";

    private Task<string> Text(string expression) => _browser.EvaluateAsync<string>(expression);

    private async Task OpenAsync(IReadOnlyList<RunRecord> runs, HealthOptions options)
    {
        var path = Path.Combine(_folder, "health.html");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            HealthPageWriter.Write(writer, runs, options);
        await _browser.NavigateAsync(path);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
