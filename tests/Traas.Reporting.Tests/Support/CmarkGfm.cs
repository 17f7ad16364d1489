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
        var run = ReferenceProgram.Run(Binary, ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"],
            input => input.Write(System.Text.Encoding.UTF8.GetBytes(markdown)), "cmark-gfm");
        return run.ExitCode == 0
            ? run.Stdout
            : throw new InvalidOperationException($"{Binary} failed ({run.ExitCode}):\n{run.Stderr}");
    }
}
