using System.Text;
using Traas.Reporting.Input;

namespace Traas.Tool.Pipeline;

/// <summary>
/// Writes bytes to a stream with the secrets of each line masked, as they come (see <see cref="RedactedCopy"/>
/// for the rules: Latin-1, lines end at LF, a line longer than <see cref="RedactedCopy.MaxLine"/> is masked in
/// pieces). A line the redactor leaves as it is goes out as the bytes that came in, runs of such lines in
/// one write: the cost of a file without secrets is a search per line.
/// </summary>
internal sealed class RedactingWriter(Stream output, LineRedactor redactor)
{
    private byte[] line = new byte[4096];
    private int lineLength;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (lineLength > 0)
        {
            var end = data.IndexOf((byte)'\n');
            if (end < 0)
            {
                Carry(data);
                return;
            }
            Carry(data[..end]);
            Emit(line.AsSpan(0, lineLength), newline: true);
            lineLength = 0;
            data = data[(end + 1)..];
        }
        // Lines left as they were since `clean`, written in one piece at the next masked line or the end.
        var clean = 0;
        var start = 0;
        while (data[start..].IndexOf((byte)'\n') is var at and >= 0)
        {
            var text = data.Slice(start, at);
            var masked = Mask(text);
            if (masked is not null)
            {
                output.Write(data[clean..start]);
                output.Write(masked);
                output.WriteByte((byte)'\n');
                clean = start + at + 1;
            }
            start += at + 1;
        }
        output.Write(data[clean..start]);
        Carry(data[start..]);
    }

    /// <summary>Writes the last line (one without an LF).</summary>
    public void Complete()
    {
        if (lineLength > 0)
            Emit(line.AsSpan(0, lineLength), newline: false);
        lineLength = 0;
    }

    private void Carry(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (lineLength + data.Length > line.Length && line.Length < RedactedCopy.MaxLine)
            {
                var size = Math.Max(line.Length * 2, lineLength + data.Length);
                Array.Resize(ref line, Math.Min(RedactedCopy.MaxLine, size));
            }
            var part = Math.Min(data.Length, line.Length - lineLength);
            data[..part].CopyTo(line.AsSpan(lineLength));
            lineLength += part;
            data = data[part..];
            // A line longer than the limit is masked in pieces of that size.
            if (lineLength == RedactedCopy.MaxLine)
            {
                Emit(line.AsSpan(0, lineLength), newline: false);
                lineLength = 0;
            }
        }
    }

    private void Emit(ReadOnlySpan<byte> text, bool newline)
    {
        if (Mask(text) is { } masked)
            output.Write(masked);
        else
            output.Write(text);
        if (newline)
            output.WriteByte((byte)'\n');
    }

    /// <summary>The line masked, or null when the redactor leaves it as it is (the same string back).</summary>
    private byte[]? Mask(ReadOnlySpan<byte> text)
    {
        var original = Encoding.Latin1.GetString(text);
        var masked = redactor.Redact(original);
        return ReferenceEquals(masked, original) || masked == original ? null : Encoding.Latin1.GetBytes(masked);
    }
}
