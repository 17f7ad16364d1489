using System.Net;
using System.Net.Http.Json;
using Polly;
using Traas.Tool.Config;
using Traas.Tool.Resilience;

namespace Traas.Tool.OpenStack;

/// <summary>
/// Keystone v3: issues a token for the cloud's auth type (password, v3applicationcredential, token)
/// and keeps it fresh, renewing it before it expires and whenever a service answers 401.
/// </summary>
internal sealed class KeystoneAuthenticator(CloudConfig cloud, HttpClient http,
    ResiliencePipeline<HttpResponseMessage> pipeline, RetryOptions retry, TimeProvider time, ILogger log)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private KeystoneToken? _token;

    public async Task<KeystoneToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } current && !current.ExpiresSoon(time.GetUtcNow()))
                return current;
            if (_token is not null)
                log.Debug("renewing the Keystone token, which expires at {ExpiresAt:u}", _token.ExpiresAt);
            _token = await IssueAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A service refused this token (401): the next call gets a new one.</summary>
    public void Invalidate(KeystoneToken refused)
    {
        if (ReferenceEquals(_token, refused))
            _token = null;
    }

    private async Task<KeystoneToken> IssueAsync(CancellationToken cancellationToken)
    {
        var url = AuthUrl() + "/auth/tokens";
        using var response = await PostAsync(url, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new TraasException(ExitCodes.CloudError,
                $"Keystone at {ShownAuthUrl()} refused the credentials of cloud '{cloud.Name}' ({Who()}): check them "
                    + $"in {cloud.SourceFile ?? "the OS_* variables"} (and secure.yaml).");
        if (!response.IsSuccessStatusCode)
        {
            var explanation = await OpenStackError.ExplainAsync(response, cancellationToken).ConfigureAwait(false);
            throw new TraasException(ExitCodes.CloudError,
                $"Keystone at {ShownAuthUrl()} answered {(int)response.StatusCode} to the token request of cloud '"
                    + $"{cloud.Name}': {explanation}");
        }
        var value = response.Headers.TryGetValues("X-Subject-Token", out var values)
            ? values.First()
            : throw NotKeystone("issued no X-Subject-Token");
        JsonObject? body;
        try
        {
            body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false))
                ?["token"] as JsonObject;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw NotKeystone("answered the token request with a body that is not JSON");
        }
        if (body is null || Text(body["issued_at"]) is not { } issued || Text(body["expires_at"]) is not { } expires
            || !DateTimeOffset.TryParse(issued, CultureInfo.InvariantCulture, out var issuedAt)
            || !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, out var expiresAt))
            throw NotKeystone("answered the token request without a token's issued_at and expires_at");
        var projectId = Text((body["project"] as JsonObject)?["id"]) ?? "";
        return new KeystoneToken(value, issuedAt, expiresAt, projectId,
            new ServiceCatalog(body["catalog"] as JsonArray ?? [], projectId));
    }

    /// <summary>The token request through the pipeline, each try within the request timeout.</summary>
    private async Task<HttpResponseMessage> PostAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(retry.RequestTimeout);
                try
                {
                    return await http.PostAsync(url, JsonBody.Of(KeystoneRequests.Body(cloud)), timeout.Token)
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"no answer within {retry.RequestTimeout.TotalSeconds:0} s (TRAAS_REQUEST_TIMEOUT)");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransientHttp.IsTransient(e))
        {
            throw new TraasException(ExitCodes.CloudError,
                $"cannot reach Keystone of cloud '{cloud.Name}' at {ShownAuthUrl()}: {e.Message} (gave up after "
                    + $"{retry.MaxRetries} retries). Check the cloud's auth_url in "
                    + $"{cloud.SourceFile ?? "OS_AUTH_URL"}, and that Keystone is up and reachable from here.", e);
        }
    }

    private TraasException NotKeystone(string what) => new(ExitCodes.CloudError,
        $"Keystone at {ShownAuthUrl()} {what}: is auth_url of cloud '{cloud.Name}' an identity v3 endpoint?");

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The auth_url as messages show it: a user and password written into it (http://user:password@host/) are
    /// left out, as messages reach the log, the report and the pull request.
    /// </summary>
    private string ShownAuthUrl()
    {
        var uri = new Uri(AuthUrl());
        return uri.UserInfo.Length == 0 ? uri.OriginalString : $"{uri.Scheme}://{uri.Authority}{uri.PathAndQuery}";
    }

    /// <summary>keystoneauth discovers the v3 API from a bare URL; traas-ci speaks only v3.</summary>
    private string AuthUrl()
    {
        var url = cloud.Auth.GetValueOrDefault("auth_url") ?? throw new TraasException(ExitCodes.BadInput,
            $"cloud '{cloud.Name}' has no auth_url: add auth.auth_url to it in "
                + $"{cloud.SourceFile ?? "the OS_* variables (OS_AUTH_URL)"}.");
        url = url.TrimEnd('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"the auth_url of cloud '{cloud.Name}' is not an http or https URL; fix it in "
                    + $"{cloud.SourceFile ?? "OS_AUTH_URL"}.");
        }
        return url.EndsWith("/v3", StringComparison.Ordinal) ? url : url + "/v3";
    }

    private string Who() => cloud.Auth.GetValueOrDefault("username") ?? cloud.Auth.GetValueOrDefault("user_id")
        ?? cloud.Auth.GetValueOrDefault("application_credential_id")
        ?? cloud.Auth.GetValueOrDefault("application_credential_name") ?? cloud.AuthType;
}
