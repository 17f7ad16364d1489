using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Traas.Tool.OpenStack;

/// <summary>
/// Swift's object storage API (https://docs.openstack.org/api-ref/object-store/), through the same
/// Keystone session and retry pipeline as Heat: containers, objects with their content type,
/// encoding and retention, and temp URLs.
/// </summary>
internal sealed class SwiftClient(CloudSession session)
{
    private const string Service = "object-store";

    /// <summary>Anyone may read the objects and list them (Swift's ACL for a public container).</summary>
    public const string PublicRead = ".r:*,.rlistings";

    public Task<string> AccountUrlAsync(CancellationToken cancellationToken) =>
        session.EndpointAsync(Service, cancellationToken);

    /// <summary>
    /// PUT of the container: made if missing, made public-read when asked (an existing ACL is kept otherwise).
    /// </summary>
    public async Task EnsureContainerAsync(string container, bool publicRead, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service, e =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"{e}/{Uri.EscapeDataString(container)}");
            if (publicRead)
                request.Headers.Add("X-Container-Read", PublicRead);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"create the container '{container}'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the container's temp URL key (a secret: never printed). The container's, not the account's:
    /// an account key may sign other things of the account's owner, which a new one would break.
    /// </summary>
    public async Task SetTempUrlKeyAsync(string container, string key, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service, e =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{e}/{Uri.EscapeDataString(container)}");
            request.Headers.Add("X-Container-Meta-Temp-URL-Key", key);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"set the temp URL key of the container '{container}'", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>PUT of one object from a file (opened again for each try).</summary>
    /// <param name="deleteAfter">Swift removes the object after this long (X-Delete-After), when given.</param>
    public async Task PutAsync(string container, string name, string file, string contentType, string? contentEncoding,
        TimeSpan? deleteAfter, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service, e =>
        {
            var content = new StreamContent(File.OpenRead(file));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (contentEncoding is not null)
                content.Headers.ContentEncoding.Add(contentEncoding);
            var request = new HttpRequestMessage(HttpMethod.Put, ObjectUrl(e, container, name)) { Content = content };
            if (deleteAfter is { } after)
            {
                request.Headers.Add("X-Delete-After",
                    ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
            return request;
        }, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"upload '{name}' to the container '{container}'", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>An object's address under the account's endpoint, each path element escaped.</summary>
    public static string ObjectUrl(string account, string container, string name) =>
        $"{account.TrimEnd('/')}/{Uri.EscapeDataString(container)}/"
            + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// A temp URL of an object for GET, valid until <paramref name="expires"/>: an HMAC-SHA256 of
    /// "GET\nEXPIRES\nPATH" with the account's key (Swift's tempurl middleware). With `inline` the
    /// browser shows the page instead of downloading it.
    /// </summary>
    public static string TempUrl(string objectUrl, string key, DateTimeOffset expires)
    {
        var uri = new Uri(objectUrl);
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key),
            Encoding.UTF8.GetBytes($"GET\n{seconds}\n{uri.AbsolutePath}")));
        return $"{objectUrl}?temp_url_sig={signature}&temp_url_expires={seconds}&inline";
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what,
        CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var explanation = await OpenStackError.ExplainAsync(response, cancellationToken).ConfigureAwait(false);
        throw new TraasException(ExitCodes.CloudError,
            $"Swift refused to {what} ({(int)response.StatusCode} {response.ReasonPhrase}): {explanation}");
    }
}
