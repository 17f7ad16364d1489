using System.IO.Compression;

namespace Traas.Tool.GitHub;

/// <summary>Files out of an artifact's zip, each bounded whatever its header says.</summary>
internal static class ArtifactZip
{
    /// <summary>
    /// Writes <paramref name="entry"/> to <paramref name="path"/>; false, and nothing left there, when it holds
    /// more than <paramref name="limit"/> bytes.
    /// </summary>
    public static bool Extract(ZipArchiveEntry entry, string path, long limit)
    {
        using (var input = entry.Open())
        using (var output = File.Create(path))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                total += read;
                if (total > limit)
                    break;
                output.Write(buffer, 0, read);
            }
            if (total <= limit)
                return true;
        }
        File.Delete(path);
        return false;
    }
}
