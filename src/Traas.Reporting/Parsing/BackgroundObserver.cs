using System.Threading.Channels;
using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// An <see cref="ILogObserver"/> whose events are replayed, in order, on another observer on a thread
/// of its own: console.html's encoding and compression overlap with reading and parsing the log
/// (report has a second core for it) instead of adding to them. The parser calls an observer
/// synchronously, so events gather in a batch, and <see cref="HandOverAsync"/> (awaited after each
/// line) passes a full batch on. Memory is bounded: at most <see cref="BatchesInFlight"/> batches
/// wait, each handed over at <see cref="BatchChars"/> characters of lines or <see cref="BatchEvents"/>
/// events, so only its last line may be long (a piece of at most the reader's line limit).
/// </summary>
internal sealed class BackgroundObserver : ILogObserver, IAsyncDisposable
{
    public const int BatchEvents = 512;
    public const int BatchChars = 64 * 1024;
    public const int BatchesInFlight = 2;

    private readonly ILogObserver _target;
    private readonly Channel<(Event[] Events, int Count)> _batches =
        Channel.CreateBounded<(Event[], int)>(new BoundedChannelOptions(BatchesInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
        });

    private readonly Task _consumer;
    private Event[] _batch = Rent();
    private int _count;
    private long _chars;
    private bool _completed;

    public BackgroundObserver(ILogObserver target)
    {
        _target = target;
        _consumer = Task.Run(ConsumeAsync);
    }

    public void OnSectionStart(SectionKind kind, long line, string title) =>
        Add(new Event(EventKind.SectionStart, default, default, kind, line, title, false));

    public void OnSectionEnd(SectionKind kind, string title, bool failed, long lastLine) =>
        Add(new Event(EventKind.SectionEnd, default, default, kind, lastLine, title, failed));

    public void OnLine(in LogLine line, LineClass lineClass)
    {
        _chars += line.Raw.Length;
        Add(new Event(EventKind.Line, line, lineClass, default, 0, "", false));
    }

    /// <summary>
    /// Passes a full batch on; waits only when the other thread is <see cref="BatchesInFlight"/> batches behind.
    /// </summary>
    public ValueTask HandOverAsync(CancellationToken cancellationToken) =>
        _count >= BatchEvents || _chars >= BatchChars ? SendAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Passes the last events on and waits until the target has seen them all.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
            await SendAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        _batches.Writer.TryComplete();
        await _consumer.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When the report stops early: lets the other thread finish before the page is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_completed)
            return;
        _batches.Writer.TryComplete();
        try
        {
            await _consumer.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The report has failed already: its own exception is the one that tells why.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private void Add(in Event e)
    {
        if (_count == _batch.Length)
            Array.Resize(ref _batch, _batch.Length * 2);
        _batch[_count++] = e;
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _batches.Writer.WriteAsync((_batch, _count), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The other thread failed and closed the channel: its exception is the report's.
            await _consumer.ConfigureAwait(false);
            throw;
        }
        _batch = Rent();
        _count = 0;
        _chars = 0;
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var (events, count) in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                Replay(events.AsSpan(0, count));
                ArrayPool<Event>.Shared.Return(events, clearArray: true);
            }
        }
        catch (Exception e)
        {
            _batches.Writer.TryComplete(e);
            throw;
        }
    }

    private void Replay(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            switch (e.Kind)
            {
                case EventKind.Line:
                    _target.OnLine(e.Line, e.LineClass);
                    break;
                case EventKind.SectionStart:
                    _target.OnSectionStart(e.Section, e.Number, e.Title);
                    break;
                default:
                    _target.OnSectionEnd(e.Section, e.Title, e.Failed, e.Number);
                    break;
            }
        }
    }

    private static Event[] Rent() => ArrayPool<Event>.Shared.Rent(BatchEvents + 16);

    private enum EventKind : byte
    {
        Line,
        SectionStart,
        SectionEnd,
    }

    private readonly record struct Event(EventKind Kind, LogLine Line, LineClass LineClass, SectionKind Section,
        long Number, string Title, bool Failed);
}
