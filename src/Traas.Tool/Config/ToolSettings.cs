namespace Traas.Tool.Config;

/// <summary>
/// The TRAAS_* environment settings, read once. A value that is set but makes no sense is one
/// clear error (exit 2) naming the variable, never silently replaced by its default.
/// A class, not a record: a record's generated ToString would print the key and its passphrase.
/// </summary>
internal sealed class ToolSettings
{
    public const string SshKeyVariable = "TRAAS_SSH_KEY";
    public const string SshKeyPassphraseVariable = "TRAAS_SSH_KEY_PASSPHRASE";

    public const string CommentAuthorVariable = "TRAAS_COMMENT_AUTHOR";

    /// <summary>TRAAS_RETRIES: tries after the first of a cloud call that failed transiently.</summary>
    public int CloudRetries { get; init; } = 6;

    /// <summary>TRAAS_RETRY_DELAY (seconds): the first back-off of a cloud call; it doubles.</summary>
    public TimeSpan CloudRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>TRAAS_REQUEST_TIMEOUT (seconds): one cloud request.</summary>
    public TimeSpan CloudRequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TRAAS_POLL_SECONDS: how often a stack is polled.</summary>
    public TimeSpan StackPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TRAAS_LOG_POLL_SECONDS: how often the job's log and marker are read.</summary>
    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>TRAAS_HEARTBEAT_SECONDS: how long a job may be silent before a line says the wait goes on.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// TRAAS_CAPACITY_POLL_SECONDS: the first wait before every full provider is counted again; it
    /// doubles up to a minute, so that a capacity wait prints its progress at least once a minute.
    /// </summary>
    public TimeSpan CapacityPollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>TRAAS_GITHUB_RETRIES: tries after the first of a GitHub call.</summary>
    public int GitHubRetries { get; init; } = 5;

    /// <summary>TRAAS_GITHUB_MAX_WAIT (seconds): the longest wait for a rate limit.</summary>
    public TimeSpan GitHubMaxWait { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>TRAAS_GITHUB_BACKOFF (seconds): the first back-off after a secondary rate limit.</summary>
    public TimeSpan GitHubBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// TRAAS_COMMENT_AUTHOR: the login publish writes the sticky comment as (a GitHub App's bot), when
    /// --comment-author does not say; checked where it is used.
    /// </summary>
    public string? CommentAuthor { get; init; }

    /// <summary>TRAAS_SSH_KEY: the undercloud's private key itself (a secret in a workflow).</summary>
    public string? SshKeyText { get; init; }

    /// <summary>TRAAS_SWIFT_TEMP_URL_KEY: the key temp URLs of hosted logs are signed with (a secret).</summary>
    public string? SwiftTempUrlKey { get; init; }

    /// <summary>TRAAS_SSH_KEY_PASSPHRASE: unlocks an encrypted key.</summary>
    public string? SshKeyPassphrase { get; init; }

    /// <summary>The user's home (HOME, else the system's).</summary>
    public string Home { get; init; } = "";

    /// <summary>
    /// Where first-use host keys are kept: $XDG_STATE_HOME/traas-ci/known_hosts, else ~/.local/state/...
    /// </summary>
    public string DefaultKnownHosts { get; init; } = "";

    /// <summary>
    /// Where the byte-exact copy of a job's traas.log is kept while the run goes on (the artifacts get
    /// the copy with secrets masked): $XDG_STATE_HOME/traas-ci/raw, else ~/.local/state/traas-ci/raw.
    /// </summary>
    public string RawLogFolder { get; init; } = "";

    public static ToolSettings FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var home = CloudsFiles.Home(environment);
        var stateHome = environment.GetValueOrDefault("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(home, ".local", "state");
        var defaults = new ToolSettings();
        return new ToolSettings
        {
            CloudRetries = Count(environment, "TRAAS_RETRIES", defaults.CloudRetries),
            CloudRetryDelay = Seconds(environment, "TRAAS_RETRY_DELAY", defaults.CloudRetryDelay, zeroAllowed: true),
            CloudRequestTimeout = Seconds(environment, "TRAAS_REQUEST_TIMEOUT", defaults.CloudRequestTimeout),
            StackPollInterval = Seconds(environment, "TRAAS_POLL_SECONDS", defaults.StackPollInterval),
            LogPollInterval = Seconds(environment, "TRAAS_LOG_POLL_SECONDS", defaults.LogPollInterval),
            Heartbeat = Seconds(environment, "TRAAS_HEARTBEAT_SECONDS", defaults.Heartbeat),
            CapacityPollInterval = Seconds(environment, "TRAAS_CAPACITY_POLL_SECONDS", defaults.CapacityPollInterval),
            GitHubRetries = Count(environment, "TRAAS_GITHUB_RETRIES", defaults.GitHubRetries),
            GitHubMaxWait = Seconds(environment, "TRAAS_GITHUB_MAX_WAIT", defaults.GitHubMaxWait, zeroAllowed: true),
            GitHubBackoff = Seconds(environment, "TRAAS_GITHUB_BACKOFF", defaults.GitHubBackoff, zeroAllowed: true),
            CommentAuthor = environment.GetValueOrDefault(CommentAuthorVariable) is { Length: > 0 } author
                ? author
                : null,
            SshKeyText = environment.GetValueOrDefault(SshKeyVariable) is { Length: > 0 } key ? key : null,
            SwiftTempUrlKey = environment.GetValueOrDefault("TRAAS_SWIFT_TEMP_URL_KEY") is { Length: > 0 } tk
                ? tk
                : null,
            SshKeyPassphrase = environment.GetValueOrDefault(SshKeyPassphraseVariable) is { Length: > 0 } p ? p : null,
            Home = home,
            DefaultKnownHosts = Path.Combine(stateHome, "traas-ci", "known_hosts"),
            RawLogFolder = Path.Combine(stateHome, "traas-ci", "raw"),
        };
    }

    private static int Count(IReadOnlyDictionary<string, string> environment, string name, int fallback)
    {
        if (environment.GetValueOrDefault(name) is not { Length: > 0 } text)
            return fallback;
        // Bounded so that exponential back-off cannot overflow into a wait of years.
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 100
            ? value
            : throw new TraasException(ExitCodes.BadInput,
                $"{name} is '{text}': give a whole number from 0 to 100, or unset it");
    }

    private static TimeSpan Seconds(IReadOnlyDictionary<string, string> environment, string name, TimeSpan fallback,
        bool zeroAllowed = false)
    {
        if (environment.GetValueOrDefault(name) is not { Length: > 0 } text)
            return fallback;
        const double day = 86400;
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && (value > 0 || zeroAllowed && value == 0) && value <= day
            ? TimeSpan.FromSeconds(value)
            : throw new TraasException(ExitCodes.BadInput,
                $"{name} is '{text}': give a number of seconds "
                    + $"{(zeroAllowed ? "from 0" : "above 0")} up to {day}, or unset it");
    }
}
