using System.Diagnostics;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// A Debian program the reader is held to (subunit2junitxml, cmark-gfm), fed on stdin: it fails loudly when the
/// program is not installed (scripts/test.sh installs it), never lets the test pass without it.
/// </summary>
internal static class ReferenceProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <param name="packages">The Debian packages that bring the program, for the message when it is missing.</param>
    public static Result Run(string binary, string[] args, Action<Stream> input, string packages)
    {
        if (!File.Exists(binary))
            throw new InvalidOperationException($"{binary} is missing: install Debian's {packages}");
        var start = new ProcessStartInfo(binary, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        input(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
