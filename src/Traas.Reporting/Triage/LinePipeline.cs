using System.Collections.Concurrent;
using System.Threading.Channels;
using Traas.Reporting.Input;

namespace Traas.Reporting.Triage;

/// <summary>
/// Reads a log in batches of lines and has them processed on the thread pool, a few batches at a
/// time, while the next ones are read; the results are consumed one batch at a time, in the order
/// of the log. Memory is the batches in flight: at most <see cref="InFlight"/> of them, each of at
/// most <see cref="BatchLines"/> lines or about <see cref="BatchChars"/> characters.
/// </summary>
internal static class LinePipeline
{
    public const int BatchLines = 4096;
    public const int BatchChars = 4 << 20;
    public const int InFlight = 4;

    /// <param name="redact">Applied to each line in order, on the reading thread (a redactor follows key
    /// blocks across lines), or null.</param>
    /// <param name="process">Turns a batch into its result, on any thread: it must be safe to run at once
    /// for several batches. The batch is used again afterwards: the result must not hold it (the lines'
    /// strings are the result's to keep).</param>
    /// <param name="consume">Takes each result in the order of the log, on one thread at a time.</param>
    public static async Task RunAsync<T>(Stream stream, Func<string, string>? redact, Func<LineBatch, T> process,
        Action<T> consume, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<Task<T>>(new BoundedChannelOptions(InFlight)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var reading = Task.Run(() => ReadAsync(stream, redact, process, channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                consume(await batch.ConfigureAwait(false));
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            // The reader's own failure is the channel's; after a failure here it only has to stop.
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task ReadAsync<T>(Stream stream, Func<string, string>? redact, Func<LineBatch, T> process,
        ChannelWriter<Task<T>> writer, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new LogLineReader(stream, LogDiff.MaxLineBytes);
            // Batches are used again once processed: no new lists per batch for the collector to follow.
            var batches = new ConcurrentBag<LineBatch>();
            var batch = new LineBatch();
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.IsContinuation)
                    continue;
                batch.Add(line.Number, redact is null ? line.Text : redact(line.Text));
                if (batch.Count < BatchLines && batch.Chars < BatchChars)
                    continue;
                await writer.WriteAsync(Start(batch, process, batches, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                batch = batches.TryTake(out var spare) ? spare : new LineBatch();
            }
            if (batch.Count > 0)
            {
                await writer.WriteAsync(Start(batch, process, batches, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            // The consumer sees it, as the channel's end.
            writer.TryComplete(e);
        }
    }

    private static Task<T> Start<T>(LineBatch batch, Func<LineBatch, T> process, ConcurrentBag<LineBatch> batches,
        CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = process(batch);
            batch.Clear();
            batches.Add(batch);
            return result;
        }, cancellationToken);
}
