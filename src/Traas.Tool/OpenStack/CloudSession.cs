using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Polly;
using Traas.Tool.Config;
using Traas.Tool.Resilience;

namespace Traas.Tool.OpenStack;

/// <summary>
/// Authenticated calls to one cloud. Each goes through the cloud-call retry pipeline with its own
/// timeout; a 401 gets a new token and one more try, as keystoneauth does.
/// </summary>
internal sealed class CloudSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RetryOptions _retry;

    public CloudSession(CloudConfig cloud, RetryOptions retry, ILogger log, TimeProvider? time = null)
    {
        Cloud = cloud;
        _retry = retry;
        time ??= TimeProvider.System;
        _http = new HttpClient(Handler(cloud)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"traas-ci/{Model.ToolVersion.Current}");
        _pipeline = CloudRetryPipeline.Create(retry, log, time);
        Keystone = new KeystoneAuthenticator(cloud, _http, _pipeline, retry, time, log);
    }

    public CloudConfig Cloud { get; }

    public KeystoneAuthenticator Keystone { get; }

    /// <summary>
    /// clouds.yaml names an override by the service type with '_' for '-' (object_store_endpoint_override).
    /// </summary>
    private static string OverrideKey(string serviceType) => serviceType.Replace('-', '_');

    /// <summary>The endpoint of a service type (e.g. "object-store"), as requests to it use it.</summary>
    public async Task<string> EndpointAsync(string serviceType, CancellationToken cancellationToken)
    {
        var token = await Keystone.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return Cloud.EndpointOverrides.TryGetValue(OverrideKey(serviceType), out var over)
            ? over.Replace("%(project_id)s", token.ProjectId, StringComparison.Ordinal)
                .Replace("%(tenant_id)s", token.ProjectId, StringComparison.Ordinal).TrimEnd('/')
            : token.Catalog.Endpoint(serviceType, Cloud.Interface, Cloud.RegionName);
    }

    /// <summary>Sends a request built against the service's endpoint (e.g. "orchestration").</summary>
    public async Task<HttpResponseMessage> SendAsync(string serviceType, Func<string, HttpRequestMessage> build,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await Keystone.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var endpoint = Cloud.EndpointOverrides.TryGetValue(OverrideKey(serviceType), out var over)
                ? over.Replace("%(project_id)s", token.ProjectId, StringComparison.Ordinal)
                    .Replace("%(tenant_id)s", token.ProjectId, StringComparison.Ordinal).TrimEnd('/')
                : token.Catalog.Endpoint(serviceType, Cloud.Interface, Cloud.RegionName);
            HttpResponseMessage response;
            try
            {
                response = await _pipeline.ExecuteAsync(async inner =>
            {
                using var request = build(endpoint);
                request.Headers.Add("X-Auth-Token", token.Value);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(inner);
                timeout.CancelAfter(_retry.RequestTimeout);
                try
                {
                    var answer = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    return answer;
                }
                catch (OperationCanceledException) when (!inner.IsCancellationRequested)
                {
                    throw new TimeoutException($"{request.Method} {request.RequestUri} had no answer within "
                        + $"{_retry.RequestTimeout.TotalSeconds:0} s");
                }
            }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (TransientHttp.IsTransient(e))
            {
                throw new Model.TraasException(Model.ExitCodes.CloudError,
                    $"cannot reach the {serviceType} service of cloud '{Cloud.Name}' at {endpoint}: "
                        + $"{e.Message} (gave up after "
                        + $"{_retry.MaxRetries} retries). Check that the cloud is up and reachable from here.", e);
            }
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
                return response;
            response.Dispose();
            Keystone.Invalidate(token);
        }
    }

    private static SocketsHttpHandler Handler(CloudConfig cloud)
    {
        var handler = new SocketsHttpHandler
        {
            // Heat's eventlet server drops idle keep-alive connections; do not reuse old ones.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (!cloud.Verify)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (cloud.CaCertFile is { } caFile)
        {
            var roots = CaCertificates(cloud, caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                    return true;
                if (certificate is null || chain is null
                    || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                    return false;
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        return handler;
    }

    /// <summary>The cloud's cacert: a PEM file of one or more certificates, read before any request.</summary>
    private static X509Certificate2Collection CaCertificates(CloudConfig cloud, string caFile)
    {
        var where = $"the cacert {caFile} of cloud '{cloud.Name}' (in {cloud.SourceFile ?? "OS_CACERT"})";
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{where} does not exist; give the path of the CA's PEM file, "
                    + "or remove cacert to use the system's CAs.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{where} cannot be read ({e.Message}); give a readable PEM file.");
        }
        catch (CryptographicException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{where} holds a certificate that cannot be read ({e.Message}); give the CA's PEM file.");
        }
        if (roots.Count == 0)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{where} is not a certificate: it has no -----BEGIN CERTIFICATE----- block; give the CA's PEM file.");
        }
        return roots;
    }

    public void Dispose() => _http.Dispose();
}
