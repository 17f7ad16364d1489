using System.Text;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// A log built to break things: markup and script in task names and output, control bytes,
/// NUL, invalid UTF-8, CRLF endings, ANSI colours and a 2 MB line. Made by code, so the
/// bytes are exact and the file needs no committing.
/// </summary>
internal static class HostileLog
{
    public const string Script = "<script>window.__pwned = 1</script>";
    public const string Handler = "<img src=x onerror=\"window.__pwned = 2\">";

    public static byte[] Bytes()
    {
        using var log = new MemoryStream();
        void Line(string text) => Raw(log, Encoding.UTF8.GetBytes(text + "\r\n"));
        Line("+ echo '" + Script + "'");
        Line(Script);
        Line("");
        Line("PLAY [hostile " + Handler + "] ***");
        Line("");
        Line("TASK [print </script><script>window.__pwned = 3</script>] ***");
        Line("ok: [undercloud] => {\"msg\": \"" + "<b>bold</b> & \\\"quoted\\\"" + "\"}");
        Line("");
        Line("TASK [control bytes] ***");
        Raw(log, [.. "changed: [undercloud] => {\"msg\": \"bell\u0007 nul"u8.ToArray(), 0x00, .. " esc\u001b[0m del\u007f\"}\r\n"u8.ToArray()]);
        Raw(log, [.. "invalid utf-8: "u8.ToArray(), 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. " end\r\n"u8.ToArray()]);
        Line("\u001b[1;31mred bold\u001b[0m \u001b[38;5;208morange256\u001b[0m \u001b[32mgreen\u001b[39m default \u001b]0;title\u0007 \u001b[2K");
        Line("");
        Line("TASK [a 2 MB line] ***");
        Line("fatal: [undercloud]: FAILED! => {\"changed\": false, \"msg\": \"" + Script + " & " + Handler + " failed\", \"stdout\": \"" + LongText() + "\"}");
        Line("");
        Line("PLAY RECAP ***");
        Line("undercloud                 : ok=2    changed=1    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0");
        Line("");
        Line("Playbook run of <hostile>.yml failed");
        return log.ToArray();
    }

    /// <summary>
    /// The ids of the failing tests in Support/subunit_streams.py's hostile.subunit (kept in step with it):
    /// line ends, markup, backtick runs and a bidi override.
    /// </summary>
    public static readonly string[] SubunitIds =
    [
        "pkg.T.test_lf (x\n\n<a href=\"//evil.example\">Re-run</a>)",
        "pkg.T.test_cr (x\r\r<div>\n# heading\n- [link](//evil.example))",
        "pkg.T.test_ticks[a``b```]",
        "`pkg.T.test_edge `",
        "pkg.T.test_bidi[\u202egnissap\u202c]",
    ];

    /// <summary>
    /// subunit-trace's lines of failing tests whose ids hold what ends a code span: bare CRs (the log's lines
    /// end at LF; CommonMark ends one at a bare CR too), raw HTML and backticks.
    /// </summary>
    public static byte[] TempestBytes()
    {
        using var log = new MemoryStream();
        Raw(log, "{0} t.T (x\r\r<a href=\"//evil.example\">Re-run</a>) ... FAILED\n"u8.ToArray());
        Raw(log, "{1} t.T.test_ticks[```] [1.0s] ... FAILED\n"u8.ToArray());
        Raw(log, "{2} t.T (x\r<script>window.__pwned = 4</script>\r) [1.0s] ... FAILED\n"u8.ToArray());
        return log.ToArray();
    }

    private static string LongText()
    {
        var builder = new StringBuilder(2 * 1024 * 1024 + 64);
        var i = 0;
        while (builder.Length < 2 * 1024 * 1024)
            builder.Append("chunk-").Append(i++).Append(" <tag attr='x'> &amp; ");
        return builder.ToString();
    }

    private static void Raw(Stream stream, byte[] bytes) => stream.Write(bytes);
}
