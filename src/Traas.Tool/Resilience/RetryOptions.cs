namespace Traas.Tool.Resilience;

/// <summary>How hard to try a call to a cloud before giving up.</summary>
internal sealed record RetryOptions
{
    /// <summary>Tries after the first one, for transient failures.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First back-off; it doubles each try, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One request may take this long before it counts as a (transient) failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest single wait, whatever Retry-After asks for.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);
}
