namespace Traas.Tool.Resilience;

/// <summary>How hard to try a call to GitHub before giving up.</summary>
/// <param name="Retries">Tries after the first one.</param>
/// <param name="MaxWait">The longest single wait, whatever a rate limit asks for.</param>
/// <param name="Backoff">The first wait after a secondary rate limit; it doubles.</param>
internal sealed record GitHubRetryOptions(int Retries, TimeSpan MaxWait, TimeSpan Backoff);
