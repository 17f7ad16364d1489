using System.Text;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>console.html in a real browser (Debian's headless Chromium).</summary>
public sealed class ConsolePageSpecs : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("traas-console-").FullName;
    private ChromiumPage _browser = null!;

    public async Task InitializeAsync() => _browser = await ChromiumPage.StartAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_page_renders_with_its_failure_card_and_failed_sections_open()
    {
        await _browser.NavigateAsync(Write("failing.html", ReportRun.Of("failing-job.log").ConsolePage));

        Assert.Equal("FAILED", await _browser.EvaluateAsync<string>("document.querySelector('#top .outcome').textContent"));
        Assert.Equal(3, await _browser.EvaluateAsync<int>("document.querySelectorAll('#card li').length"));
        Assert.True(await _browser.EvaluateAsync<bool>("[...document.querySelectorAll('summary.failed')].every(s => s.parentElement.open)"));
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L37') !== null"), "the failing task's lines are rendered");
        // After the page's toggle events have run, every line is on the page once.
        await _browser.EvaluateAsync<bool>("new Promise(r => setTimeout(() => r(true), 100))");
        Assert.Equal(1, await _browser.EvaluateAsync<int>("document.querySelectorAll('[id=\"L17\"]').length"));
        // The card is last in the file but first on screen.
        Assert.True(await _browser.EvaluateAsync<bool>(
            "document.getElementById('card').getBoundingClientRect().top < document.getElementById('log').getBoundingClientRect().top"));
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task The_failure_cards_link_scrolls_to_the_failing_tasks_line()
    {
        var page = ReportRun.OfText(LongLogFailingAtTheEnd(out var failingLine)).ConsolePage;
        await _browser.NavigateAsync(Write("long.html", page));
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500') === null"),
            "a collapsed section keeps its lines out of the DOM");
        Assert.True(await _browser.EvaluateAsync<bool>($"document.getElementById('L{failingLine}').getBoundingClientRect().top > innerHeight"),
            "the failing line starts off screen");

        await _browser.EvaluateAsync<bool>($"(document.querySelector('#card a[href=\"#L{failingLine}\"]').click(), true)");

        Assert.Equal($"#L{failingLine}", await _browser.EvaluateAsync<string>("location.hash"));
        Assert.True(await _browser.EvaluateAsync<bool>(
            $"(() => {{ const r = document.getElementById('L{failingLine}').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }})()"),
            "the failing line is on screen");
        Assert.True(await _browser.EvaluateAsync<double>("scrollY") > 1000, "the page scrolled down to it");
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_link_to_a_line_inside_a_collapsed_section_opens_it()
    {
        await _browser.NavigateAsync(Write("long.html", ReportRun.OfText(LongLogFailingAtTheEnd(out _)).ConsolePage), "#L1500");

        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500') !== null"));
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500').closest('details').open"));
    }

    [Fact]
    public async Task No_script_from_the_log_runs()
    {
        await _browser.NavigateAsync(Write("hostile.html", ReportRun.Of(HostileLog.Bytes()).ConsolePage));

        await _browser.EvaluateAsync<bool>("(document.querySelector('[data-act=expand]').click(), true)");

        Assert.True(await _browser.EvaluateAsync<bool>("document.querySelectorAll('#log script[type=\"text/x-traas-lines\"]').length === 0"),
            "every section was rendered");
        Assert.True(await _browser.EvaluateAsync<bool>("window.__pwned === undefined"), "a script from the log ran");
        Assert.Equal(0, await _browser.EvaluateAsync<int>("document.querySelectorAll('#log img, #log b, #log tag').length"));
        Assert.Contains(HostileLog.Script, await _browser.EvaluateAsync<string>("document.getElementById('log').innerText"), StringComparison.Ordinal);
        Assert.Empty(_browser.Exceptions);
    }

    private string Write(string name, string html)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, html, new UTF8Encoding(false));
        return path;
    }

    private static string LongLogFailingAtTheEnd(out int failingLine)
    {
        var log = new StringBuilder();
        log.Append("PLAY [long] ***\n\nTASK [chatty] ***\nok: [undercloud] => {\n");
        for (var i = 0; i < 3000; i++)
            log.Append("    \"line ").Append(i).Append("\": \"output\",\n");
        log.Append("}\n\nTASK [breaks] ***\n");
        for (var i = 0; i < 3000; i++)
            log.Append("waiting for the overcloud, attempt ").Append(i).Append('\n');
        failingLine = log.ToString().Count(c => c == '\n') + 1;
        log.Append("fatal: [undercloud]: FAILED! => {\"msg\": \"boom\"}\n\nPLAY RECAP ***\n");
        log.Append("undercloud : ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0\n\nPlaybook run failed\n");
        return log.ToString();
    }
}
