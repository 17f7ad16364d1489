namespace Traas.Reporting.Input;

/// <summary>
/// Splits a byte stream into lines without ever holding more than one line (plus a read buffer) in memory.
/// Accepts LF and CRLF endings, invalid UTF-8 (decoded as U+FFFD) and NUL bytes.
/// A line longer than <see cref="MaxLineBytes"/> is handed out in pieces that share one line number.
/// </summary>
internal sealed class LogLineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 8 * 1024 * 1024;
    private const int ReadSize = 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;
    private bool _midLine;

    public LogLineReader(Stream stream, int maxLineBytes = DefaultMaxLineBytes)
    {
        _stream = stream;
        MaxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ReadSize, maxLineBytes) * 2);
    }

    public int MaxLineBytes { get; }

    /// <summary>Total bytes consumed so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next line or piece; null at the end of the stream.</summary>
    public async ValueTask<(long Number, string Text, bool IsContinuation)?> ReadLineAsync(
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0 && newline <= MaxLineBytes)
                return TakeLine(newline, newline + 1);
            if (available.Length >= MaxLineBytes)
                return TakeLine(MaxLineBytes, MaxLineBytes, endsLine: false);
            if (_eof)
                return available.Length == 0 ? null : TakeLine(available.Length, available.Length);
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private (long, string, bool) TakeLine(int length, int consumed, bool endsLine = true)
    {
        var isContinuation = _midLine;
        if (!isContinuation)
            _lineNumber++;
        var span = _buffer.AsSpan(_start, length);
        if (endsLine && span.Length > 0 && span[^1] == (byte)'\r')
            span = span[..^1];
        var text = Utf8.GetString(span);
        _start += consumed;
        BytesRead += consumed;
        _midLine = !endsLine;
        return (_lineNumber, text, isContinuation);
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length - _end < ReadSize)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken)
            .ConfigureAwait(false);
        if (read == 0)
            _eof = true;
        _end += read;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
