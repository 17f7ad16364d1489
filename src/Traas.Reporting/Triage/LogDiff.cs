using System.Collections.Concurrent;
using Traas.Reporting.Input;

namespace Traas.Reporting.Triage;

/// <summary>
/// What is new in a failed log against a baseline (the log of a passing run of the same job): one
/// pass over the baseline builds an index of its sub-lines (<see cref="BaselineIndex"/>), one pass
/// over the failed log looks each sub-line up and groups the new lines into blocks with context
/// (<see cref="BlockBuilder"/>), written to new-lines.json as they close; the markdown summary is
/// written at the end from the best blocks. Both logs are streamed: memory holds the index (bounded),
/// a cache of the failed log's sub-lines already looked up (bounded), a window of context lines and
/// the best blocks.
/// </summary>
public static class LogDiff
{
    /// <summary>Lines longer than this are read in pieces; only the first piece is compared.</summary>
    internal const int MaxLineBytes = 1024 * 1024;

    /// <summary>Distances kept for sub-lines of the failed log already looked up.</summary>
    internal const int MaxCached = 1 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Compares, writes new-lines.json and new-lines.md, and returns the counts and the top blocks.</summary>
    public static async Task<LogDiffResult> RunAsync(Stream baseline, Stream failed, LogDiffOutputs outputs,
        LogDiffOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var json = new DiffJsonWriter(outputs.Json, options);
        var result = await CompareAsync(baseline, failed, options, json, cancellationToken).ConfigureAwait(false);
        json.Complete(result);
        await outputs.Json.FlushAsync(cancellationToken).ConfigureAwait(false);
        var summary = NewLinesSummary.Render(result, options.SummaryBytes, options.ConsoleUrl, options.TopBlocks);
        await outputs.Summary.WriteAsync(Utf8.GetBytes(summary), cancellationToken).ConfigureAwait(false);
        await outputs.Summary.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The comparison alone: blocks go to <paramref name="sink"/> as they close.</summary>
    internal static async Task<LogDiffResult> CompareAsync(Stream baseline, Stream failed, LogDiffOptions options,
        IBlockSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var index = new BaselineIndex();
        var workers = new ConcurrentBag<Worker>();
        var tokenizers = new ConcurrentBag<LineFeatures>();
        // A batch's result goes back to its pool once consumed: no large buffer per batch.
        var trainedPool = new ConcurrentBag<Trained>();
        long baselineLines = 0;
        // The baseline is never shown: it is not redacted (the masks would only change its tokens).
        await LinePipeline.RunAsync(baseline, null,
            batch => Worker.Take(workers, null, tokenizers).Train(batch, workers, trainedPool),
            trained =>
            {
                baselineLines += trained.Lines;
                trained.AddTo(index);
                trainedPool.Add(trained);
            }, cancellationToken).ConfigureAwait(false);
        index.Freeze();

        // The failed log has the baseline's words: its workers start with the baseline's word caches.
        foreach (var worker in workers)
            tokenizers.Add(worker.Features);
        workers.Clear();
        var searchedPool = new ConcurrentBag<List<(DiffLine, bool)>>();
        var blocks = new BlockBuilder(options.ContextBefore, options.ContextAfter, options.TopBlocks, sink,
            text => Shown(text, options.LineChars));
        long failedLines = 0;
        var redactor = options.Redactor?.ForStream();
        await LinePipeline.RunAsync(failed, redactor is null ? null : redactor.Redact,
            batch => Worker.Take(workers, index, tokenizers).Search(batch, options, workers, searchedPool),
            lines =>
            {
                foreach (var (line, errorWord) in lines)
                {
                    failedLines++;
                    blocks.Add(line, errorWord);
                }
                lines.Clear();
                searchedPool.Add(lines);
            }, cancellationToken).ConfigureAwait(false);
        blocks.Complete();
        return new LogDiffResult
        {
            BaselineLines = baselineLines,
            FailedLines = failedLines,
            NewLines = blocks.NewLines,
            ShownLines = blocks.ShownLines,
            BlockCount = blocks.Blocks,
            TopBlocks = blocks.Top,
            NewLineNumbers = blocks.NewLineNumbers,
            BaselineIndexFull = index.Full,
            Threshold = options.Threshold,
        };
    }

    /// <summary>The sub-lines of a batch of baseline lines, to be added to the index in order.</summary>
    private sealed class Trained
    {
        public int Lines { get; set; }
        public List<uint> Features { get; } = [];
        public List<(int Start, int Length, ulong Key)> Units { get; } = [];

        public void AddTo(BaselineIndex index)
        {
            var features = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Features);
            foreach (var (start, length, key) in Units)
                index.Add(features.Slice(start, length), key);
        }
    }

    /// <summary>
    /// What one batch at a time needs: the line's features, the search's scratch and a cache of the
    /// distances of sub-lines already looked up (each worker has its own; at most
    /// <see cref="MaxCached"/> between them). Taken from a pool for a batch, given back after it.
    /// </summary>
    private sealed class Worker
    {
        private readonly BaselineIndex? _index;
        private readonly BaselineIndex.Scratch? _scratch;
        private readonly Dictionary<ulong, double> _cache = [];
        private char[] _content = new char[1024];

        private Worker(BaselineIndex? index, LineFeatures features)
        {
            _index = index;
            _scratch = index is null ? null : new BaselineIndex.Scratch(index);
            Features = features;
        }

        /// <summary>The tokenizer and its cache of words.</summary>
        public LineFeatures Features { get; }

        public static Worker Take(ConcurrentBag<Worker> pool, BaselineIndex? index,
            ConcurrentBag<LineFeatures> tokenizers) =>
            pool.TryTake(out var worker) ? worker
                : new Worker(index, tokenizers.TryTake(out var features) ? features : new LineFeatures());

        public Trained Train(LineBatch batch, ConcurrentBag<Worker> pool, ConcurrentBag<Trained> results)
        {
            if (!results.TryTake(out var trained))
                trained = new Trained();
            trained.Lines = batch.Count;
            trained.Features.Clear();
            trained.Units.Clear();
            for (var i = 0; i < batch.Count; i++)
            {
                Features.Read(LineCleaner.Content(batch.Texts[i], ref _content));
                for (var unit = 0; unit < Features.Count; unit++)
                {
                    var features = Features.Features(unit);
                    trained.Units.Add((trained.Features.Count, features.Length, Features.Key(unit)));
                    trained.Features.AddRange(features);
                }
            }
            pool.Add(this);
            return trained;
        }

        public List<(DiffLine Line, bool ErrorWord)> Search(LineBatch batch, LogDiffOptions options,
            ConcurrentBag<Worker> pool, ConcurrentBag<List<(DiffLine, bool)>> results)
        {
            var index = _index!;
            // A tie with the threshold is a near neighbour: the same sub-line must not be new or not
            // by the last bit of a division.
            var enough = 1 - options.Threshold - 1e-9;
            if (!results.TryTake(out var lines))
                lines = new List<(DiffLine, bool)>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var text = batch.Texts[i];
                Features.Read(LineCleaner.Content(text, ref _content));
                var similarity = 1.0;
                for (var unit = 0; unit < Features.Count; unit++)
                {
                    var key = Features.Key(unit);
                    if (!_cache.TryGetValue(key, out var s))
                    {
                        s = index.Similarity(Features.Features(unit), key, enough, _scratch!);
                        if (_cache.Count < MaxCached / LinePipeline.InFlight)
                            _cache.Add(key, s);
                    }
                    similarity = Math.Min(similarity, s);
                }
                var isNew = similarity < enough;
                // The text as shown is made for the lines shown only (see BlockBuilder).
                var line = new DiffLine(batch.Numbers[i], text, isNew, Math.Clamp(1 - similarity, 0, 1));
                lines.Add((line, isNew && Features.HasErrorWord));
            }
            pool.Add(this);
            return lines;
        }
    }

    /// <summary>The line as shown: ANSI escapes removed, cut, lone surrogates replaced.</summary>
    private static string Shown(string raw, int maxChars)
    {
        var text = raw.Contains('\x1b') ? LineCleaner.StripAnsi(raw) : raw;
        if (text.Length > maxChars)
            text = string.Concat(text.AsSpan(0, maxChars), " …");
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                clean = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                i++;
            }
        }
        return clean ? text : ReplaceLoneSurrogates(text);
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else if (char.IsSurrogate(chars[i]))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
