namespace Traas.Tool.OpenStack.Templates;

/// <summary>file:// URLs as heatclient makes them: the files map is keyed by them and Heat sees them.</summary>
internal static class FileUrl
{
    /// <summary>heatclient's normalise_file_path_to_url: an absolute path as a file:// URL.</summary>
    public static string FromPath(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile && !path.StartsWith('/')
            ? path
            : new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>heatclient's base_url_for_url: the folder of the URL, with a trailing slash.</summary>
    public static string Base(string url)
    {
        var uri = new Uri(url);
        var folder = uri.AbsolutePath[..(uri.AbsolutePath.LastIndexOf('/') + 1)];
        return new Uri(uri, folder).AbsoluteUri;
    }

    /// <summary>urllib's urljoin for file URLs: relative to the base folder, or absolute.</summary>
    public static string Join(string baseUrl, string reference)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && !reference.StartsWith('/'))
            return absolute.AbsoluteUri;
        return new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), reference).AbsoluteUri;
    }

    public static string ToPath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : url;
}
