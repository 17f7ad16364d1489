namespace Traas.Reporting.Parsing;

/// <summary>A task still being read, or read but waiting for its profile_tasks time or a rescue decision.</summary>
internal sealed class TaskState(string name, bool isHandler, string play, int playIndex, long line, DateTime? start)
{
    private readonly Dictionary<string, HostState> _byHost = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public bool IsHandler { get; } = isHandler;
    public string Play { get; } = play;
    public int PlayIndex { get; } = playIndex;
    public long Line { get; } = line;
    /// <summary>The time of the banner's line, when the log's lines carry times.</summary>
    public DateTime? Start { get; } = start;
    /// <summary>From profile_tasks.</summary>
    public double? Duration { get; set; }
    /// <summary>From the line times: banner to the next banner.</summary>
    public double? ClockSeconds { get; set; }
    /// <summary>Not a task of the log: results a PLAY RECAP counts that ansible never printed.</summary>
    public bool Unprinted { get; init; }
    public List<HostState> Hosts { get; } = [];
    /// <summary>Hosts the task named before their result: a retry, their output in Zuul's host column.</summary>
    public HashSet<string>? Named { get; private set; }
    public int Retries { get; set; }

    public double? Seconds => Duration ?? ClockSeconds;

    public bool IsFailing => Hosts.Exists(h => h.IsFailing);

    public bool HasResult(string host) => _byHost.ContainsKey(host);

    /// <summary>Most tasks name no host before its result: the set is made for those that do.</summary>
    public void NameHost(string host) => (Named ??= new HashSet<string>(StringComparer.Ordinal)).Add(host);

    public bool Owns(HostState state) => _byHost.TryGetValue(state.Host, out var own) && ReferenceEquals(own, state);

    public HostState HostFor(string host, long line)
    {
        if (!_byHost.TryGetValue(host, out var state))
        {
            state = new HostState(host, line);
            _byHost.Add(host, state);
            Hosts.Add(state);
        }
        return state;
    }

    public TaskResult ToResult() => new()
    {
        Name = Name,
        IsHandler = IsHandler,
        Play = Play,
        Line = Line,
        Duration = Seconds,
        Hosts = Hosts.ConvertAll(h => h.ToResult()),
    };
}
