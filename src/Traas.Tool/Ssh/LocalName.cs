using System.Buffers;

namespace Traas.Tool.Ssh;

/// <summary>
/// How a node's name is kept on the runner. The name must be UTF-8 (tar and SFTP are given names as UTF-8, so a
/// name decoded with replacement characters names no file), at most <see cref="MaxNameBytes"/> (NAME_MAX), and
/// its path at most <see cref="MaxPathBytes"/> (below PATH_MAX, leaving room for collect's temporary names). A
/// name that holds a character actions/upload-artifact refuses in a path (one such file fails the whole upload,
/// every log with it) is kept percent-encoded (<see cref="Kept"/>).
/// </summary>
internal static class LocalName
{
    public const int MaxNameBytes = 255;

    public const int MaxPathBytes = 4000;

    /// <summary>
    /// actions/toolkit's invalidArtifactFilePathCharacters
    /// (packages/artifact/src/internal/upload/path-and-artifact-name-validation.ts).
    /// </summary>
    private static readonly SearchValues<char> Refused = SearchValues.Create("\":<>|*?\r\n");

    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>The name as it is kept: each refused character and '%' as %XX, in a name that holds one.</summary>
    public static string Kept(string name)
    {
        if (name.AsSpan().IndexOfAny(Refused) < 0)
            return name;
        var kept = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (c == '%' || Refused.Contains(c))
                kept.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            else
                kept.Append(c);
        }
        return kept.ToString();
    }

    /// <summary>
    /// Why a name cannot be kept, or null. SSH.NET decodes an SFTP listing's names with replacement characters,
    /// so a name that holds U+FFFD is taken as not UTF-8 either way (one listing or the other, the same names).
    /// </summary>
    public static string? Problem(string name) =>
        name.Contains('\uFFFD', StringComparison.Ordinal) ? NotUtf8
        : Encoding.UTF8.GetByteCount(Kept(name)) > MaxNameBytes ? $"its name is over {MaxNameBytes} bytes"
        : null;

    public const string NotUtf8 = "its name is not valid UTF-8";

    /// <summary>The bytes as UTF-8, or null when they are not (never with replacement characters).</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Bytes that are not UTF-8, for a message: what is not ASCII as \xNN.</summary>
    public static string Shown(ReadOnlySpan<byte> bytes)
    {
        var shown = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b < 0x80)
                shown.Append((char)b);
            else
                shown.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }
        return shown.ToString();
    }

    /// <summary>Characters of a path a message shows whole; a longer one is shown by its two ends.</summary>
    public const int ShownPathLength = 240;

    /// <summary>
    /// A path for a message: a hostile tree's 4,000-byte path is shown by its first and last 100 characters and the
    /// count between them, so that a warning stays one readable line.
    /// </summary>
    public static string Shown(string path)
    {
        if (path.Length <= ShownPathLength)
            return path;
        var head = char.IsHighSurrogate(path[99]) ? 99 : 100;
        var tail = char.IsLowSurrogate(path[^100]) ? 99 : 100;
        return $"{path[..head]}...({path.Length - head - tail} characters)...{path[^tail..]}";
    }
}
