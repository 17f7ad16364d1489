using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// A fake clock that jumps to each timer's due time as soon as the timer is set, so that a wait of
/// simulated hours takes milliseconds. It moves only while the code under test waits on a timer:
/// never between a line it logs and the wait that follows, which a clock ticking on its own could do.
/// </summary>
public sealed class SteppingClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// Moves the clock to every timer that <paramref name="work"/> sets, until it ends; a timer due after
    /// <paramref name="atMost"/> of simulated time fails the test rather than let it wait forever.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, TimeSpan atMost)
    {
        var end = GetUtcNow() + atMost;
        while (!work.IsCompleted)
        {
            var timer = _timers.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(work, timer) != timer)
                continue;
            var due = await timer;
            if (GetUtcNow() + due > end)
                throw new TimeoutException($"still waiting after {atMost} of simulated time, at {this}");
            Advance(due);
        }
        return await work;
    }
}
