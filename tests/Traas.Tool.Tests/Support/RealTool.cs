using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>A real command-line tool of the machine (gzip, tar), run to its end.</summary>
internal static class RealTool
{
    /// <summary>Runs a real tool (gzip, tar) with <paramref name="input"/> on stdin; its stdout.</summary>
    public static byte[] Run(string command, string[] args, byte[] input)
    {
        var start = new ProcessStartInfo(command, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{command} did not start");
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        reading.Wait();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)}: {errors.Result}");
        return output.ToArray();
    }
}
