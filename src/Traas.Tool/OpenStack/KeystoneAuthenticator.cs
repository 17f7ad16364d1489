using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Polly;
using Serilog;
using Traas.Tool.Config;
using Traas.Tool.Model;

namespace Traas.Tool.OpenStack;

/// <summary>
/// Keystone v3: issues a token for the cloud's auth type (password, v3applicationcredential, token)
/// and keeps it fresh, renewing it before it expires and whenever a service answers 401.
/// </summary>
internal sealed class KeystoneAuthenticator(CloudConfig cloud, HttpClient http,
    ResiliencePipeline<HttpResponseMessage> pipeline, TimeProvider time, ILogger log)
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
        using var response = await pipeline.ExecuteAsync(async token =>
            await http.PostAsync(url, JsonBody.Of(KeystoneRequests.Body(cloud)), token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new TraasException(ExitCodes.CloudError,
                $"Keystone at {AuthUrl()} refused the credentials of cloud '{cloud.Name}' ({Who()}): check them in "
                    + $"{cloud.SourceFile ?? "the OS_* variables"} (and secure.yaml).");
        if (!response.IsSuccessStatusCode)
        {
            var explanation = await OpenStackError.ExplainAsync(response, cancellationToken).ConfigureAwait(false);
            throw new TraasException(ExitCodes.CloudError,
                $"Keystone at {AuthUrl()} answered {(int)response.StatusCode} to the token request of cloud '"
                    + $"{cloud.Name}': {explanation}");
        }
        var value = response.Headers.TryGetValues("X-Subject-Token", out var values)
            ? values.First()
            : throw new TraasException(ExitCodes.CloudError,
                $"Keystone at {AuthUrl()} issued no X-Subject-Token: is auth_url an identity v3 endpoint?");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false))!
            ["token"]!;
        var projectId = (string?)body["project"]?["id"] ?? "";
        return new KeystoneToken(value,
            DateTimeOffset.Parse((string)body["issued_at"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)body["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture),
            projectId, new ServiceCatalog(body["catalog"]?.AsArray() ?? [], projectId));
    }

    /// <summary>keystoneauth discovers the v3 API from a bare URL; traas-ci speaks only v3.</summary>
    private string AuthUrl()
    {
        var url = cloud.Auth.GetValueOrDefault("auth_url") ?? throw new TraasException(ExitCodes.BadInput,
            $"cloud '{cloud.Name}' has no auth_url: add auth.auth_url to it in "
                + $"{cloud.SourceFile ?? "the OS_* variables (OS_AUTH_URL)"}.");
        url = url.TrimEnd('/');
        return url.EndsWith("/v3", StringComparison.Ordinal) ? url : url + "/v3";
    }

    private string Who() => cloud.Auth.GetValueOrDefault("username") ?? cloud.Auth.GetValueOrDefault("user_id")
        ?? cloud.Auth.GetValueOrDefault("application_credential_id")
        ?? cloud.Auth.GetValueOrDefault("application_credential_name") ?? cloud.AuthType;
}
