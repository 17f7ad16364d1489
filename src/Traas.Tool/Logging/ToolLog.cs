using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Traas.Tool.Logging;

/// <summary>
/// Serilog to stderr; stdout is kept for machine output and workflow commands. Messages carry text
/// the node chose (file names, SFTP status messages, the marker's bytes, errors): each line of a
/// message goes through <c>inert</c> (the caller's rule for text the CI runner must not act on), and
/// control characters are shown as escapes, so that the node's text can neither drive the runner
/// nor the terminal.
/// </summary>
internal static class ToolLog
{
    public static Logger Create(TextWriter stderr, bool verbose, Func<string, string>? inert = null) =>
        new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Sink(new TextWriterSink(stderr, inert ?? (line => line)))
            .CreateLogger();

    /// <summary>One line of a message, its control characters (a bare CR above all) shown as escapes.</summary>
    internal static string Visible(string line)
    {
        if (!line.Any(char.IsControl))
            return line;
        var text = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (c == '\t' || !char.IsControl(c))
                text.Append(c);
            else if (c == '\r')
                text.Append("\\r");
            else
                text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
        }
        return text.ToString();
    }

    private sealed class TextWriterSink(TextWriter writer, Func<string, string> inert) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _format =
            new("{Message:lj}{NewLine}{Exception}", CultureInfo.InvariantCulture);

        public void Emit(LogEvent logEvent)
        {
            var rendered = new StringWriter(CultureInfo.InvariantCulture);
            _format.Format(logEvent, rendered);
            var lines = rendered.ToString().TrimEnd('\n').Split('\n');
            var level = logEvent.Level switch
            {
                LogEventLevel.Fatal or LogEventLevel.Error => "error: ",
                LogEventLevel.Warning => "warning: ",
                LogEventLevel.Information => "",
                _ => "debug: ",
            };
            lock (writer)
            {
                writer.Write("traas-ci: ");
                writer.Write(level);
                foreach (var line in lines)
                {
                    writer.Write(inert(Visible(line)));
                    writer.Write('\n');
                }
                writer.Flush();
            }
        }
    }
}
