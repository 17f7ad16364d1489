using System.Net;
using System.Net.Sockets;

namespace Traas.Tool.Resilience;

/// <summary>Which failures of a call to a cloud are worth trying again.</summary>
internal static class TransientHttp
{
    /// <summary>502, 503 and 504 mean a proxy or service is restarting; 429 asks us to slow down.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.TooManyRequests;

    /// <summary>Refused, reset or dropped connections, and a request that ran past its own timeout.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException { InnerException: SocketException or IOException } => true,
        HttpRequestException { StatusCode: null } => true,
        // A connection dropped while it is being set up can surface unwrapped (ENOTCONN).
        SocketException or IOException => true,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>How long a 429 or 503 asks us to wait (Retry-After, seconds or a date), if it says.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return delta;
        if (retryAfter?.Date is { } date)
            return date - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}
