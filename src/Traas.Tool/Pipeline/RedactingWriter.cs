using Traas.Reporting.Input;

namespace Traas.Tool.Pipeline;

/// <summary>
/// Writes bytes to a stream with the secrets of each line masked, as they come (see <see cref="RedactedCopy"/>
/// for the rules: Latin-1, lines end at LF, a line longer than <see cref="RedactedCopy.MaxLine"/> is masked in
/// pieces). Lines the redactor leaves as they are go out as the bytes that came in, in one write, found
/// by one search over many lines (<see cref="LineRedactor.IndexOfSuspect"/>): a file without secrets costs little.
/// </summary>
internal sealed class RedactingWriter(Stream output, LineRedactor redactor)
{
    private byte[] line = new byte[4096];
    private char[] chars = [];
    private int lineLength;

    /// <summary>How many lines (or pieces of a long one) came out masked so far.</summary>
    public long MaskedLines { get; private set; }

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
        var whole = data.LastIndexOf((byte)'\n') + 1;
        WriteLines(data[..whole]);
        Carry(data[whole..]);
    }

    /// <summary>
    /// Writes whole lines: the redactor is asked where a mask could start (one search over all of them, as
    /// Latin-1 has one char per byte), and only the line there is masked on its own; the lines between go out
    /// as they came, in one write.
    /// </summary>
    private void WriteLines(ReadOnlySpan<byte> lines)
    {
        if (chars.Length < lines.Length)
            chars = new char[Math.Max(lines.Length, chars.Length * 2)];
        var text = chars.AsSpan(0, Encoding.Latin1.GetChars(lines, chars));
        var start = 0;
        while (start < lines.Length)
        {
            var at = redactor.IndexOfSuspect(text[start..]);
            if (at < 0)
                break;
            var lineStart = start + lines[start..(start + at)].LastIndexOf((byte)'\n') + 1;
            var lineEnd = lineStart + lines[lineStart..].IndexOf((byte)'\n');
            output.Write(lines[start..lineStart]);
            Emit(lines[lineStart..lineEnd], newline: true);
            start = lineEnd + 1;
        }
        output.Write(lines[start..]);
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
        {
            output.Write(masked);
            MaskedLines++;
        }
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
