using System.Collections;
using System.Runtime.InteropServices;
using Traas.Tool.Commands;

namespace Traas.Tool;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // One source of cancellation for the whole run, fed by Ctrl+C and SIGTERM (Actions sends SIGTERM on cancel).
        using var cancellation = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var context = new CliContext(Console.Out, Console.Error, Console.OpenStandardInput, environment,
            cancellation.Token);
        return await TraasCli.RunAsync(args, context).ConfigureAwait(false);

        // The first signal cancels, and the run cleans up (collect, report, teardown); a second one
        // is not intercepted, so it ends the process at once.
        void Cancel(PosixSignalContext signal)
        {
            if (cancellation.IsCancellationRequested)
                return;
            signal.Cancel = true;
            cancellation.Cancel();
        }
    }
}
