namespace Traas.Tool.OpenStack;

/// <summary>An issued Keystone token. <see cref="Value"/> is a secret: never log it.</summary>
internal sealed record KeystoneToken(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string ProjectId,
    ServiceCatalog Catalog)
{
    /// <summary>
    /// Renew a token well before it expires: a quarter of its life, at most five minutes. CI jobs
    /// last hours and tokens often live one; a call made with a token about to expire would fail.
    /// </summary>
    public bool ExpiresSoon(DateTimeOffset now)
    {
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, (ExpiresAt - IssuedAt).Ticks / 4));
        return now >= ExpiresAt - margin;
    }
}
