using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Traas.Tool.Logging;

/// <summary>Serilog to stderr; stdout is kept for machine output and workflow commands.</summary>
internal static class ToolLog
{
    public static Logger Create(TextWriter stderr, bool verbose) =>
        new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Sink(new TextWriterSink(stderr))
            .CreateLogger();

    private sealed class TextWriterSink(TextWriter writer) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _format =
            new("{Message:lj}{NewLine}{Exception}", CultureInfo.InvariantCulture);

        public void Emit(LogEvent logEvent)
        {
            lock (writer)
            {
                writer.Write("traas-ci: ");
                writer.Write(logEvent.Level switch
                {
                    LogEventLevel.Fatal or LogEventLevel.Error => "error: ",
                    LogEventLevel.Warning => "warning: ",
                    LogEventLevel.Information => "",
                    _ => "debug: ",
                });
                _format.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }
}
