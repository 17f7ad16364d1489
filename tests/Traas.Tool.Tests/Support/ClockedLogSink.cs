using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Traas.Tool.Tests.Support;

/// <summary>Each log line as rendered, with the time a (fake) clock showed when it was logged.</summary>
public sealed class ClockedLogSink(TimeProvider clock) : ILogEventSink
{
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];

    public IReadOnlyList<(DateTimeOffset At, string Line)> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lines)
            _lines.Add((clock.GetUtcNow(), logEvent.RenderMessage(CultureInfo.InvariantCulture)));
    }
}
