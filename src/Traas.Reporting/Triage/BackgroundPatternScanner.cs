using System.Threading.Channels;

namespace Traas.Reporting.Triage;

/// <summary>
/// A <see cref="PatternScanner"/> on a thread of its own: lines are handed over in batches through a
/// bounded channel, so that matching the patterns overlaps with parsing and writing the pages
/// (report has a second core for it) instead of adding to them. Memory is bounded by the channel:
/// at most <see cref="BatchesInFlight"/> batches of <see cref="BatchLines"/> lines wait.
/// </summary>
public sealed class BackgroundPatternScanner
{
    public const int BatchLines = 1024;
    public const int BatchesInFlight = 8;

    private readonly PatternScanner _scanner;
    private readonly Channel<(long Number, string Content)[]> _batches =
        Channel.CreateBounded<(long, string)[]>(new BoundedChannelOptions(BatchesInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
        });

    private readonly Task _consumer;
    private (long Number, string Content)[] _batch = new (long, string)[BatchLines];
    private int _count;

    public BackgroundPatternScanner(IReadOnlyList<FailurePattern> patterns)
    {
        _scanner = new PatternScanner(patterns);
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>
    /// Hands one line over; waits only when the scanner is <see cref="BatchesInFlight"/> batches behind.
    /// </summary>
    public async ValueTask FeedAsync(long number, string content, CancellationToken cancellationToken)
    {
        _batch[_count++] = (number, content);
        if (_count < BatchLines)
            return;
        await _batches.Writer.WriteAsync(_batch, cancellationToken).ConfigureAwait(false);
        _batch = new (long, string)[BatchLines];
        _count = 0;
    }

    /// <summary>Every pattern seen in every line fed, once the scanner has caught up.</summary>
    public async Task<IReadOnlyList<PatternMatch>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
            await _batches.Writer.WriteAsync(_batch[.._count], cancellationToken).ConfigureAwait(false);
        _count = 0;
        _batches.Writer.Complete();
        await _consumer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _scanner.Matches();
    }

    private async Task ConsumeAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var (number, content) in batch)
            {
                if (content is not null)
                    _scanner.Feed(number, content);
            }
        }
    }
}
