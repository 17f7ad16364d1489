using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>The baseline's index: cosine similarity of token sets, searched exactly for the threshold.</summary>
public sealed class BaselineIndexSpecs
{
    private const double Enough = 0.7;

    private static uint[] Set(params int[] features) => [.. features.Select(f => (uint)f).Order().Distinct()];

    // FNV-1a: a key that differs from a set's key in a low bit is not the key of a near set.
    private static ulong Key(uint[] set) => set.Aggregate(14695981039346656037UL, (k, f) => (k ^ f) * 1099511628211UL);

    /// <summary>A key no baseline set has: the search runs even for a set the baseline has.</summary>
    private const ulong Unknown = 0;

    private static BaselineIndex Index(params uint[][] rows)
    {
        var index = new BaselineIndex();
        foreach (var row in rows)
            index.Add(row, Key(row));
        index.Freeze();
        return index;
    }

    private static double Similarity(BaselineIndex index, uint[] set, double enough = Enough) =>
        index.Similarity(set, Key(set), enough, new BaselineIndex.Scratch(index));

    [Fact]
    public void A_set_in_the_baseline_is_similarity_1_without_a_search()
    {
        var row = Set(1, 2, 3);

        Assert.Equal(1, Similarity(Index(row), row));
    }

    [Fact]
    public void Similarity_is_the_cosine_of_the_sets()
    {
        // 9 of 10 features shared: 9 / sqrt(10 * 10).
        var index = Index(Set([.. Enumerable.Range(1, 10)]));

        Assert.Equal(0.9, Similarity(index, Set([.. Enumerable.Range(2, 10)])), 9);
        // 2 shared of 3 and 4: 2 / sqrt(12); below the threshold the best of the compared sets is returned.
        Assert.Equal(2 / Math.Sqrt(12), Similarity(Index(Set(1, 2, 3)), Set(1, 2, 4, 5), enough: 0.99), 9);
    }

    [Fact]
    public void A_set_sharing_nothing_is_similarity_0()
    {
        Assert.Equal(0, Similarity(Index(Set(1, 2, 3)), Set(4, 5)));
    }

    [Fact]
    public void An_empty_set_says_nothing_new() => Assert.Equal(1, Similarity(Index(Set(1)), []));

    [Fact]
    public void The_search_answers_as_a_comparison_with_every_baseline_set_would()
    {
        // Random sets over a small vocabulary, some features in most sets: the prefix of rare features
        // must find every set at least 0.7 similar that comparing with all of them finds.
        var random = new Random(16);
        uint[] RandomSet() =>
            Set([.. Enumerable.Range(0, random.Next(1, 14)).Select(_ => random.Next(random.Next(2) == 0 ? 8 : 60))]);
        var rows = Enumerable.Range(0, 3000).Select(_ => RandomSet()).DistinctBy(Key).ToArray();
        var index = Index(rows);
        var scratch = new BaselineIndex.Scratch(index);

        for (var i = 0; i < 3000; i++)
        {
            var query = RandomSet();
            var best = rows.Max(r => r.Intersect(query).Count() / Math.Sqrt((double)r.Length * query.Length));
            var found = index.Similarity(query, Unknown, Enough, scratch);

            Assert.True(found >= Enough == best >= Enough,
                $"query [{string.Join(",", query)}]: best {best:0.000}, search {found:0.000}");
            Assert.True(found <= best + 1e-12);
        }
    }

    [Fact]
    public void A_baseline_past_the_limit_is_counted_not_indexed()
    {
        var index = new BaselineIndex(maxRows: 2);
        foreach (var i in Enumerable.Range(0, 5))
            index.Add(Set(i), (ulong)i);
        index.Freeze();

        Assert.Equal(2, index.Rows);
        Assert.True(index.Full);
    }

    [Fact]
    public void A_repeated_set_is_indexed_once()
    {
        var index = new BaselineIndex();
        index.Add(Set(1, 2), 5);
        index.Add(Set(1, 2), 5);

        Assert.Equal(1, index.Rows);
        Assert.False(index.Full);
    }
}
