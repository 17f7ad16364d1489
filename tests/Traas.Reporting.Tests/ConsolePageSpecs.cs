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
        await SettledAsync();

        Assert.Equal("FAILED", await _browser.EvaluateAsync<string>("document.querySelector('#top .outcome').textContent"));
        Assert.Equal(3, await _browser.EvaluateAsync<int>("document.querySelectorAll('#card li').length"));
        Assert.True(await _browser.EvaluateAsync<bool>("[...document.querySelectorAll('summary.failed')].every(s => s.parentElement.open)"));
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L37') !== null"), "the failing task's lines are rendered");
        // After the page's toggle events have run, every line is on the page once.
        await _browser.EvaluateAsync<bool>("new Promise(r => setTimeout(() => r(true), 100))");
        await SettledAsync();
        Assert.Equal(1, await _browser.EvaluateAsync<int>("document.querySelectorAll('[id=\"L17\"]').length"));
        // The card is last in the file but first on screen.
        Assert.True(await _browser.EvaluateAsync<bool>(
            "document.getElementById('card').getBoundingClientRect().top < document.getElementById('log').getBoundingClientRect().top"));
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task I_can_go_from_the_page_to_the_other_pages_of_the_run_beside_it()
    {
        var page = Write("console.html", ReportRun.Of("passing-job.log").ConsolePage);
        await _browser.NavigateAsync(page);

        var links = await _browser.EvaluateAsync<string>(
            "JSON.stringify([...document.querySelectorAll('#top nav.pages a')].map(a => a.href))");

        var beside = new Uri(Path.GetDirectoryName(page) + "/").AbsoluteUri;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(
            new[] { "summary.md", "junit.xml", "traas.log", "index.html" }.Select(f => beside + f)), links);
    }

    [Fact]
    public async Task The_failure_cards_link_scrolls_to_the_failing_tasks_line()
    {
        var page = ReportRun.OfText(LongLogFailingAtTheEnd(out var failingLine)).ConsolePage;
        await _browser.NavigateAsync(Write("long.html", page));
        await SettledAsync();
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500') === null"),
            "a collapsed section keeps its lines out of the DOM");
        Assert.True(await _browser.EvaluateAsync<bool>($"document.getElementById('L{failingLine}').getBoundingClientRect().top > innerHeight"),
            "the failing line starts off screen");

        await _browser.EvaluateAsync<bool>($"(document.querySelector('#card a[href=\"#L{failingLine}\"]').click(), true)");
        await SettledAsync();

        Assert.Equal($"#L{failingLine}", await _browser.EvaluateAsync<string>("location.hash"));
        Assert.True(await OnScreenAsync(failingLine), "the failing line is on screen");
        Assert.True(await _browser.EvaluateAsync<double>("scrollY") > 1000, "the page scrolled down to it");
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_link_to_a_line_inside_a_collapsed_section_opens_it()
    {
        await _browser.NavigateAsync(Write("long.html", ReportRun.OfText(LongLogFailingAtTheEnd(out _)).ConsolePage), "#L1500");
        await SettledAsync();

        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500') !== null"));
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500').closest('details').open"));
        Assert.True(await OnScreenAsync(1500), "the line of the address is on screen");
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L1500').classList.contains('here')"),
            "the line of the address is highlighted");
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_line_deep_in_a_huge_task_opens_in_a_window_of_its_lines()
    {
        var log = new StringBuilder("PLAY [p] ***\nTASK [huge] ***\n");
        for (var i = 0; i < 60_000; i++)
            log.Append("output line ").Append(i).Append('\n');
        log.Append("ok: [h]\n\nPLAY RECAP ***\nh : ok=1 changed=0 unreachable=0 failed=0\n");
        await _browser.NavigateAsync(Write("huge.html", ReportRun.OfText(log.ToString()).ConsolePage), "#L40000");
        await SettledAsync();

        Assert.True(await OnScreenAsync(40000), "the line of the address is on screen: "
            + await _browser.EvaluateAsync<string>("JSON.stringify([scrollY, L40000.getBoundingClientRect()])"));
        Assert.Equal(5000, await _browser.EvaluateAsync<int>("document.querySelectorAll('details.task .ln').length"));
        Assert.True(await ShownAsync(37500) && !await ShownAsync(37499), "the window is centred on the line");

        await ClickAsync("details.task button[data-more=earlier]");
        await SettledAsync();

        Assert.True(await ShownAsync(32500) && !await ShownAsync(32499), "5,000 earlier lines were shown");
        Assert.EndsWith("output line 32497", await TextAsync("#L32500"), StringComparison.Ordinal);
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task No_script_from_the_log_runs()
    {
        await _browser.NavigateAsync(Write("hostile.html", ReportRun.Of(HostileLog.Bytes()).ConsolePage));
        await SettledAsync();

        await _browser.EvaluateAsync<bool>("(document.querySelector('[data-act=expand]').click(), true)");
        await SettledAsync();

        Assert.True(await CountAsync("#log script[type=\"text/x-traas-gz\"]") == 0, "every section was rendered");
        Assert.True(await CountAsync("#log details:not([open])") == 0, "every section and task was opened");
        Assert.True(await _browser.EvaluateAsync<bool>("window.__pwned === undefined"), "a script from the log ran");
        Assert.Equal(0, await _browser.EvaluateAsync<int>("document.querySelectorAll('#log img, #log b, #log tag').length"));
        Assert.Contains(HostileLog.Script, await _browser.EvaluateAsync<string>("document.getElementById('log').innerText"), StringComparison.Ordinal);
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_search_finds_a_line_near_the_end_of_a_big_log_and_its_link_opens_it()
    {
        var log = BigLog(out var needleLine);
        Assert.True(log.Length > 10_000_000, "the log is big");
        await _browser.NavigateAsync(Write("big.html", ReportRun.OfText(log).ConsolePage));
        await SettledAsync();
        Assert.True(await _browser.EvaluateAsync<bool>($"document.getElementById('L{needleLine}') === null"),
            "the line starts out of the page, compressed");

        await SearchAsync("Needle In The Haystack");

        Assert.Equal("1 matching line", await TextAsync("#found"));
        Assert.Equal($"#L{needleLine}", await FirstHitAsync());
        Assert.Contains("the needle in the haystack, at last", await TextAsync("#hits li"), StringComparison.Ordinal);

        await ClickAsync("#hits a");
        await SettledAsync();

        Assert.Equal($"#L{needleLine}", await _browser.EvaluateAsync<string>("location.hash"));
        Assert.True(await _browser.EvaluateAsync<bool>(
            $"document.getElementById('L{needleLine}').closest('details.task').open"), "the line's task was opened");
        Assert.Contains("the needle in the haystack, at last", await TextAsync($"#L{needleLine}"),
            StringComparison.Ordinal);
        Assert.True(await OnScreenAsync(needleLine), "the found line is on screen");
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_search_that_matches_many_lines_shows_the_first_200_and_counts_the_rest()
    {
        await _browser.NavigateAsync(Write("long.html", ReportRun.OfText(LongLogFailingAtTheEnd(out _)).ConsolePage));
        await SettledAsync();

        await SearchAsync("attempt");

        Assert.Equal("3000 matching lines: the first 200 shown, 2800 more", await TextAsync("#found"));
        Assert.Equal(200, await CountAsync("#hits li"));
        Assert.Equal("#L3008", await FirstHitAsync());
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_search_shows_markup_from_the_log_as_text()
    {
        await _browser.NavigateAsync(Write("hostile.html", ReportRun.Of(HostileLog.Bytes()).ConsolePage));
        await SettledAsync();

        await SearchAsync("<script>window.__pwned");

        Assert.Equal(0, await CountAsync("#hits script, #hits img, #hits b"));
        Assert.True(await _browser.EvaluateAsync<bool>("window.__pwned === undefined"), "a script from the log ran");
        Assert.Equal("4 matching lines", await TextAsync("#found"));
        Assert.Contains(HostileLog.Script, await TextAsync("#hits"), StringComparison.Ordinal);
        Assert.Empty(_browser.Exceptions);
    }

    [Fact]
    public async Task A_failed_runs_new_lines_are_marked_and_listed_and_the_baselines_name_stays_text()
    {
        // A real pair nobody here wrote: two TripleO overcloud deploys, one passed, one failed.
        var passed = Path.Combine(RepoPaths.RealLogs, "tripleo-osp16-overcloud-deploy-passed.log");
        var failed = Path.Combine(RepoPaths.RealLogs, "tripleo-osp16-overcloud-deploy-ansible-failed.log");
        Traas.Reporting.Triage.LogDiffResult result;
        using (var json = new MemoryStream())
        using (var summary = new MemoryStream())
        await using (var good = File.OpenRead(passed))
        await using (var bad = File.OpenRead(failed))
            result = await Traas.Reporting.Triage.LogDiff.RunAsync(good, bad, new Traas.Reporting.Triage.LogDiffOutputs(json, summary), new Traas.Reporting.Triage.LogDiffOptions(), CancellationToken.None);
        var plain = Write("plain.html", ReportRun.OfFile(failed).ConsolePage);
        var page = Write("marked.html", ReportRun.OfFile(failed).ConsolePage);
        const string hostile = "</script><script>window.__pwned = 1</script><b>run 51</b>";
        using (var stream = new FileStream(page, FileMode.Open, FileAccess.ReadWrite))
        {
            Assert.True(Traas.Reporting.ConsolePage.NewLinesMarks.Write(stream, result.NewLineNumbers, hostile));
            Assert.False(Traas.Reporting.ConsolePage.NewLinesMarks.Write(stream, result.NewLineNumbers, hostile));
        }

        await _browser.NavigateAsync(plain);
        await SettledAsync();
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('new-only').hidden"), "an unmarked page offers no new lines");
        await _browser.NavigateAsync(page);
        await SettledAsync();

        Assert.Contains(805L, result.NewLineNumbers);
        Assert.True(await _browser.EvaluateAsync<bool>("document.getElementById('L805').classList.contains('new')"), "line 805 is not marked new");
        Assert.False(await _browser.EvaluateAsync<bool>("document.getElementById('L804').classList.contains('new')"), "line 804 is marked new");
        Assert.Equal($"new in this run ({result.NewLineNumbers.Count})", await TextAsync("#new-only"));
        await ClickAsync("#new-only");
        await _browser.WaitUntilAsync("/new against/.test(document.getElementById('found').textContent)", "the new lines were not listed");
        await SettledAsync();
        Assert.Equal(result.NewLineNumbers.Count, await CountAsync("#hits li"));
        Assert.Equal($"#L{result.NewLineNumbers[0]}", await FirstHitAsync());
        Assert.Contains("fatal: [director-controller-0]: FAILED!", await TextAsync("#hits"), StringComparison.Ordinal);
        Assert.Equal($"{result.NewLineNumbers.Count} lines are new against {hostile}", await TextAsync("#found"));
        Assert.True(await _browser.EvaluateAsync<bool>("window.__pwned === undefined"), "a script from the baseline's name ran");
        Assert.Equal(0, await CountAsync("#found b, #hits b"));
        Assert.Empty(_browser.Exceptions);
    }

    /// <summary>Waits until the page has inflated, built and scrolled what it was asked for.</summary>
    private Task SettledAsync() =>
        _browser.WaitUntilAsync("!document.documentElement.hasAttribute('data-busy')", "the page stayed busy");

    private async Task SearchAsync(string text)
    {
        await _browser.EvaluateAsync<bool>("(document.getElementById('q').focus(), true)");
        await _browser.TypeAsync(text);
        await _browser.WaitUntilAsync(
            "/matching line|no line matches/.test(document.getElementById('found').textContent)",
            "the search gave no answer");
        await SettledAsync();
    }

    private Task<bool> OnScreenAsync(long line) => _browser.EvaluateAsync<bool>(
        $"(() => {{ const r = document.getElementById('L{line}').getBoundingClientRect();"
            + " return r.top >= 0 && r.bottom <= innerHeight; })()");

    private Task<bool> ShownAsync(long line) => _browser.EvaluateAsync<bool>($"!!document.getElementById('L{line}')");

    // Selectors in single quotes: the specs' own, never with a single quote of their own.
    private Task<string> TextAsync(string selector) =>
        _browser.EvaluateAsync<string>($"document.querySelector('{selector}').textContent");

    private Task<int> CountAsync(string selector) =>
        _browser.EvaluateAsync<int>($"document.querySelectorAll('{selector}').length");

    private Task<string> FirstHitAsync() =>
        _browser.EvaluateAsync<string>("document.querySelector('#hits a').getAttribute('href')");

    private Task ClickAsync(string selector) =>
        _browser.EvaluateAsync<bool>($"(document.querySelector('{selector}').click(), true)");

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

    /// <summary>A 10 MB log of many plays and tasks, with one line to find in a passing task near its end.</summary>
    private static string BigLog(out int needleLine)
    {
        var log = new StringBuilder();
        var line = 0;
        var needle = 0;
        void Line(string text)
        {
            log.Append(text).Append('\n');
            line++;
        }
        for (var play = 0; play < 40; play++)
        {
            Line($"PLAY [play {play}] ***");
            for (var task = 0; task < 250; task++)
            {
                Line("");
                Line($"TASK [role : task {task} of play {play}] ***");
                for (var i = 0; i < 20; i++)
                    Line($"ok: [undercloud] => (item=package-{play}-{task}-{i}) some output of the package manager");
            }
            if (play == 38)
            {
                Line("");
                Line("TASK [the one to find] ***");
                needle = line + 1;
                Line("ok: [undercloud] => {\"msg\": \"the needle in the haystack, at last\"}");
            }
            Line("");
        }
        Line("PLAY RECAP ***");
        Line("undercloud : ok=10001 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
        needleLine = needle;
        return log.ToString();
    }
}
