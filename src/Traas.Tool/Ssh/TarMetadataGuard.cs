using System.Buffers.Binary;

namespace Traas.Tool.Ssh;

/// <summary>
/// Follows a tar stream's 512-byte records as they pass, and ends it at a header of a GNU long name or long link
/// longer than <see cref="MaxMetadataBytes"/>, or of PAX attributes (`tar --format=gnu` writes none):
/// <see cref="System.Formats.Tar.TarReader"/> reads such an entry whole into memory, so the node could make it
/// allocate gigabytes, and a PAX size would make this count go astray. File data is passed over by its size.
/// </summary>
internal sealed class TarMetadataGuard(Stream inner) : ReadOnlyWrapperStream(inner)
{
    public const int MaxMetadataBytes = 64 * 1024;

    private const int Record = 512;

    private readonly byte[] header = new byte[Record];
    private int headerLength;
    private long dataLeft;

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        var passing = buffer[..read];
        while (!passing.IsEmpty)
        {
            if (dataLeft > 0)
            {
                var skip = (int)Math.Min(dataLeft, passing.Length);
                dataLeft -= skip;
                passing = passing[skip..];
                continue;
            }
            var part = Math.Min(Record - headerLength, passing.Length);
            passing[..part].CopyTo(header.AsSpan(headerLength));
            headerLength += part;
            passing = passing[part..];
            if (headerLength < Record)
                break;
            headerLength = 0;
            dataLeft = (DataSize() + Record - 1) / Record * Record;
        }
        return read;
    }

    /// <summary>The size field of the header just passed (octal, or GNU's base-256), checked.</summary>
    private long DataSize()
    {
        var field = header.AsSpan(124, 12);
        long size;
        if ((field[0] & 0x80) != 0)
        {
            // Base-256: a positive number in the last 8 bytes, nothing above them.
            if (field[0] != 0x80 || field[1..4].ContainsAnyExcept((byte)0))
                throw new InvalidDataException("a tar header holds a size that is negative or too large");
            size = BinaryPrimitives.ReadInt64BigEndian(field[4..]);
        }
        else
        {
            size = 0;
            foreach (var digit in field)
            {
                if (digit is >= (byte)'0' and <= (byte)'7')
                    size = size * 8 + (digit - '0');
                else if (digit is not ((byte)' ' or 0))
                    throw new InvalidDataException("a tar header holds a size that is not a number");
            }
        }
        if (size is < 0 or > long.MaxValue / 2)
            throw new InvalidDataException("a tar header holds a negative or impossible size");
        if (header[156] is (byte)'x' or (byte)'g')
            throw new InvalidDataException("the stream holds PAX attributes, which `tar --format=gnu` never writes");
        if (header[156] is (byte)'L' or (byte)'K' && size > MaxMetadataBytes)
        {
            throw new InvalidDataException(
                $"a tar metadata entry of {size} bytes is over the {MaxMetadataBytes / 1024} KiB it may hold");
        }
        return size;
    }
}
