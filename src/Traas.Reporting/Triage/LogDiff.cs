using System.Text;
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
        var features = new LineFeatures();
        var index = new BaselineIndex();
        var redactor = options.Redactor?.ForStream();
        long baselineLines = 0;
        using (var reader = new LogLineReader(baseline, MaxLineBytes))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.IsContinuation)
                    continue;
                baselineLines++;
                features.Read(Content(line.Number, line.Text, redactor));
                for (var unit = 0; unit < features.Count; unit++)
                    index.Add(features.Features(unit), features.Key(unit));
            }
        }
        index.Freeze();

        var enough = 1 - options.Threshold;
        var cache = new Dictionary<ulong, double>();
        var blocks = new BlockBuilder(options.ContextBefore, options.ContextAfter, options.TopBlocks, sink);
        long failedLines = 0;
        using (var reader = new LogLineReader(failed, MaxLineBytes))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.IsContinuation)
                    continue;
                failedLines++;
                var text = redactor is null ? line.Text : redactor.Redact(line.Text);
                features.Read(LineCleaner.Clean(line.Number, text, false).Content);
                var distance = 0.0;
                for (var unit = 0; unit < features.Count; unit++)
                {
                    var key = features.Key(unit);
                    if (!cache.TryGetValue(key, out var d))
                    {
                        d = 1 - index.Similarity(features.Features(unit), key, enough);
                        if (cache.Count < MaxCached)
                            cache.Add(key, d);
                    }
                    distance = Math.Max(distance, d);
                }
                var isNew = distance > options.Threshold;
                blocks.Add(new DiffLine(line.Number, Shown(text, options.LineChars), isNew, distance),
                    isNew && features.HasErrorWord);
            }
        }
        blocks.Complete();
        return new LogDiffResult
        {
            BaselineLines = baselineLines,
            FailedLines = failedLines,
            NewLines = blocks.NewLines,
            ShownLines = blocks.ShownLines,
            BlockCount = blocks.Blocks,
            TopBlocks = blocks.Top,
            BaselineIndexFull = index.Full,
            Threshold = options.Threshold,
        };
    }

    private static string Content(long number, string text, LineRedactor? redactor) =>
        LineCleaner.Clean(number, redactor is null ? text : redactor.Redact(text), false).Content;

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
