using System.Text.Encodings.Web;
using System.Text.Json;

namespace Traas.Reporting.Triage;

/// <summary>
/// new-lines.json, written as the blocks are found (flushed every 64 KiB, so that its size in memory
/// stays small whatever the number of blocks):
/// <code>
/// {"version": 1, "baseline": NAME, "failed": NAME, "threshold": 0.3, "context": {"before": 3, "after": 3},
///  "blocks": [{"first": 120, "lines": [{"line": 120, "new": false, "text": "..."},
///                                       {"line": 123, "new": true, "distance": 0.61, "text": "..."}, ...],
///              "last": 126, "new_lines": 1, "max_distance": 0.61, "error_word": true, "score": 2.62}, ...],
///  "baseline_lines": 3503, "failed_lines": 3076, "new_lines": 12, "shown_lines": 40, "blocks_count": 3,
///  "reduction": 0.987, "baseline_index_full": false}
/// </code>
/// </summary>
internal sealed class DiffJsonWriter : IBlockSink, IDisposable
{
    public const int Version = 1;
    private const int FlushBytes = 64 * 1024;

    private readonly Utf8JsonWriter _json;

    public DiffJsonWriter(Stream stream, LogDiffOptions options)
    {
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default });
        _json.WriteStartObject();
        _json.WriteNumber("version", Version);
        _json.WriteString("baseline", options.BaselineName);
        _json.WriteString("failed", options.FailedName);
        _json.WriteNumber("threshold", options.Threshold);
        _json.WriteStartObject("context");
        _json.WriteNumber("before", options.ContextBefore);
        _json.WriteNumber("after", options.ContextAfter);
        _json.WriteEndObject();
        _json.WriteStartArray("blocks");
    }

    public void Open(long firstLine)
    {
        _json.WriteStartObject();
        _json.WriteNumber("first", firstLine);
        _json.WriteStartArray("lines");
    }

    public void Line(DiffLine line)
    {
        _json.WriteStartObject();
        _json.WriteNumber("line", line.Number);
        _json.WriteBoolean("new", line.IsNew);
        if (line.IsNew)
            _json.WriteNumber("distance", Math.Round(line.Distance, 3));
        _json.WriteString("text", line.Text);
        _json.WriteEndObject();
        if (_json.BytesPending > FlushBytes)
            _json.Flush();
    }

    public void Close(NewLinesBlock block)
    {
        _json.WriteEndArray();
        _json.WriteNumber("last", block.LastLine);
        _json.WriteNumber("new_lines", block.NewLineCount);
        _json.WriteNumber("max_distance", Math.Round(block.MaxDistance, 3));
        _json.WriteBoolean("error_word", block.HasErrorWord);
        _json.WriteNumber("score", Math.Round(block.Score, 3));
        _json.WriteEndObject();
    }

    public void Complete(LogDiffResult result)
    {
        _json.WriteEndArray();
        _json.WriteNumber("baseline_lines", result.BaselineLines);
        _json.WriteNumber("failed_lines", result.FailedLines);
        _json.WriteNumber("new_lines", result.NewLines);
        _json.WriteNumber("shown_lines", result.ShownLines);
        _json.WriteNumber("blocks_count", result.BlockCount);
        _json.WriteNumber("reduction", Math.Round(result.Reduction, 4));
        _json.WriteBoolean("baseline_index_full", result.BaselineIndexFull);
        _json.WriteEndObject();
        _json.Flush();
    }

    public void Dispose() => _json.Dispose();
}
