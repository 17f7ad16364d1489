using System.Diagnostics;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// Debian's cmark-gfm, the C library GitHub renders comments, check runs and step summaries with: what the
/// summary's markdown becomes. Raw HTML is kept (--unsafe), as GitHub hands it on to its sanitiser, which
/// lets a link through. Fails loudly when it is not installed (scripts/test.sh installs it).
/// </summary>
internal static class CmarkGfm
{
    private const string Binary = "/usr/bin/cmark-gfm";

    public static string Html(string markdown)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's cmark-gfm");
        var start = new ProcessStartInfo(Binary, ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Binary}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(markdown);
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Binary} failed ({process.ExitCode}):\n{stderr.Result}");
        return stdout.Result;
    }
}
