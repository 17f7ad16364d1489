using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>Debian's real Chromium, headless: the DOM a page leaves after its scripts ran.</summary>
internal static class HeadlessChromium
{
    /// <summary>The page's DOM after its scripts ran, as headless Chromium loads it from its URL.</summary>
    public static async Task<string> DumpDomAsync(string url, string work)
    {
        var profile = Directory.CreateDirectory(Path.Combine(work, $"chromium-{Guid.NewGuid():N}")).FullName;
        var start = new ProcessStartInfo("/usr/bin/chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var chromium = Process.Start(start)
            ?? throw new InvalidOperationException("no /usr/bin/chromium: scripts/test.sh installs it");
        var dom = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await chromium.WaitForExitAsync(deadline.Token);
        return await dom;
    }

    /// <summary>Text as Chromium serialises a text node: only &amp;, &lt; and &gt; are escaped.</summary>
    public static string TextNode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Whether the DOM has line N's element, with (the start of) that line's text right after it.</summary>
    public static bool ShowsLine(string dom, int number, string line)
    {
        var at = dom.IndexOf($"id=\"L{number}\"", StringComparison.Ordinal);
        if (at < 0)
            return false;
        var text = TextNode(line.Trim());
        return dom.AsSpan(at, Math.Min(dom.Length - at, 2000)).Contains(text.AsSpan(0, Math.Min(text.Length, 40)),
            StringComparison.Ordinal);
    }
}
