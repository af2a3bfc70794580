using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Tests;

public class SplitTests
{
    private static Table Keys(int n, int offset = 0) => Table.Of(
        new StringColumn("key", ColumnType.String, Enumerable.Range(offset, n).Select(i => $"customer-{i}").ToArray()));

    private static void AssertPartition(SplitIndices split, int n)
    {
        var all = split.Train.Concat(split.Validation).Concat(split.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n), all);
        Assert.True(split.Train.SequenceEqual(split.Train.Order()));
        Assert.True(split.Validation.SequenceEqual(split.Validation.Order()));
        Assert.True(split.Test.SequenceEqual(split.Test.Order()));
    }

    [Theory]
    [InlineData(0, 0.8, 0.1)]
    [InlineData(1, 0.8, 0.1)]
    [InlineData(5, 0.7, 0.15)]
    [InlineData(601, 0.5, 0.25)]   // 300.5 rounds half to even: 300
    [InlineData(623, 0.8, 0.1)]
    [InlineData(1001, 0.7, 0.15)]
    public void A_random_split_has_the_training_rows_validate_counts(int n, double train, double validation)
    {
        var spec = new SplitSpec { Train = train, Validation = validation, Test = Math.Round(1 - train - validation, 10) };

        Assert.True(SplitCuts.IsExact(spec));
        Assert.Equal(SplitCuts.TrainingRows(spec, n), DatasetSplitter.Split(spec, Keys(n)).Train.Length);
    }

    [Fact]
    public void SplitMix64_matches_the_reference_sequence()
    {
        // Reference outputs of Vigna's splitmix64.c for seed 1234567.
        var random = new SplitMix64(1234567);
        Assert.Equal(
            [6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL, 4593380528125082431UL, 16408922859458223821UL],
            Enumerable.Range(0, 5).Select(_ => random.Next()));
    }

    [Fact]
    public void Fnv1a64_matches_the_reference_vectors()
    {
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a64("foobar"));
    }

    [Fact]
    public void Random_split_is_seeded_exact_and_repeatable()
    {
        var table = Keys(10_000);
        var spec = new SplitSpec { Method = SplitMethod.Random, Train = 0.8, Validation = 0.1, Test = 0.1, Seed = 7 };

        var a = DatasetSplitter.Split(spec, table);
        var b = DatasetSplitter.Split(spec, table);
        var other = DatasetSplitter.Split(spec with { Seed = 8 }, table);

        AssertPartition(a, 10_000);
        Assert.Equal((8000, 1000, 1000), (a.Train.Length, a.Validation.Length, a.Test.Length));
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, other.Test);
    }

    [Fact]
    public void Stratified_random_split_gives_every_class_the_fractions_even_a_rare_one()
    {
        // 150 rows: 120 "a", 20 "b", 10 "c" — a plain shuffle of 15 test rows may hold no "c" at all.
        var labels = Enumerable.Range(0, 150).Select(i => i < 120 ? "a" : i < 140 ? "b" : "c").ToArray();
        var table = Table.Of(new StringColumn("label", ColumnType.Category, labels));
        var spec = new SplitSpec { Method = SplitMethod.Random, Train = 0.8, Validation = 0.1, Test = 0.1, Seed = 3, StratifyBy = "label" };

        var split = DatasetSplitter.Split(spec, table);
        var again = DatasetSplitter.Split(spec, table);

        AssertPartition(split, 150);
        int Count(int[] part, string label) => part.Count(row => labels[row] == label);
        Assert.Equal((96, 16, 8), (Count(split.Train, "a"), Count(split.Train, "b"), Count(split.Train, "c")));
        Assert.Equal((12, 2, 1), (Count(split.Validation, "a"), Count(split.Validation, "b"), Count(split.Validation, "c")));
        Assert.Equal((12, 2, 1), (Count(split.Test, "a"), Count(split.Test, "b"), Count(split.Test, "c")));
        Assert.Equal(split.Test, again.Test);
        Assert.NotEqual(split.Test, DatasetSplitter.Split(spec with { Seed = 4 }, table).Test);
    }

    [Fact]
    public void Random_split_defaults_to_80_10_10_with_seed_42()
    {
        var table = Keys(1000);
        var byDefault = DatasetSplitter.Split(null, table);
        var explicitSpec = DatasetSplitter.Split(new SplitSpec { Seed = 42 }, table);

        Assert.Equal((800, 100, 100), (byDefault.Train.Length, byDefault.Validation.Length, byDefault.Test.Length));
        Assert.Equal(explicitSpec.Test, byDefault.Test);
    }

    [Fact]
    public void Hash_split_approximates_the_fractions_and_keeps_every_row_in_its_split_as_data_grows()
    {
        var spec = new SplitSpec { Method = SplitMethod.Hash, Key = "key", Train = 0.7, Validation = 0.2, Test = 0.1 };
        var before = DatasetSplitter.Split(spec, Keys(10_000));

        AssertPartition(before, 10_000);
        Assert.InRange(before.Train.Length / 10_000.0, 0.68, 0.72);
        Assert.InRange(before.Validation.Length / 10_000.0, 0.18, 0.22);
        Assert.InRange(before.Test.Length / 10_000.0, 0.085, 0.115);

        // 2,000 new customers arrive, appended after the old ones: no old row moves.
        var after = DatasetSplitter.Split(spec, Keys(12_000));
        Assert.Equal(before.Train, after.Train.Where(i => i < 10_000));
        Assert.Equal(before.Validation, after.Validation.Where(i => i < 10_000));
        Assert.Equal(before.Test, after.Test.Where(i => i < 10_000));
    }

    [Fact]
    public void Hash_split_depends_on_the_key_not_the_row_position()
    {
        var spec = new SplitSpec { Method = SplitMethod.Hash, Key = "key" };
        var forward = Keys(500);
        var reversed = forward.Take(Enumerable.Range(0, 500).Reverse().ToArray());

        var keysOf = (Table t, int[] rows) => rows.Select(r => t.Strings("key").Values[r]).Order().ToArray();
        var a = DatasetSplitter.Split(spec, forward);
        var b = DatasetSplitter.Split(spec, reversed);
        Assert.Equal(keysOf(forward, a.Test), keysOf(reversed, b.Test));
    }

    [Fact]
    public void Hash_split_of_a_numeric_key_hashes_its_canonical_text()
    {
        var spec = new SplitSpec { Method = SplitMethod.Hash, Key = "key" };
        var numeric = Table.Of(new NumericColumn("key", ColumnType.Int, Enumerable.Range(0, 300).Select(i => (double)i).ToArray()));
        var text = Table.Of(new StringColumn("key", ColumnType.String, Enumerable.Range(0, 300).Select(i => i.ToString()).ToArray()));

        Assert.Equal(DatasetSplitter.Split(spec, text).Test, DatasetSplitter.Split(spec, numeric).Test);
    }

    [Fact]
    public void Time_split_puts_the_earliest_rows_in_train_and_the_latest_in_test()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Rows in scrambled time order: row i happens at day (i * 37) mod 100.
        var times = Enumerable.Range(0, 100).Select(i => (DateTimeOffset?)start.AddDays(i * 37 % 100)).ToArray();
        var table = Table.Of(new TimestampColumn("at", times));
        var spec = new SplitSpec { Method = SplitMethod.Time, TimeColumn = "at", Train = 0.6, Validation = 0.2, Test = 0.2 };

        var split = DatasetSplitter.Split(spec, table);

        AssertPartition(split, 100);
        Assert.Equal((60, 20, 20), (split.Train.Length, split.Validation.Length, split.Test.Length));
        var day = (int r) => (times[r]!.Value - start).Days;
        Assert.Equal(Enumerable.Range(0, 60), split.Train.Select(day).Order());
        Assert.Equal(Enumerable.Range(60, 20), split.Validation.Select(day).Order());
        Assert.Equal(Enumerable.Range(80, 20), split.Test.Select(day).Order());
    }

    [Fact]
    public void Time_split_never_puts_one_timestamp_on_both_sides()
    {
        // Yearly rows, 7 per year over 10 years, shuffled: 0.8/0.1/0.1 cuts at rows 56 and 63 fall inside years.
        var years = Enumerable.Range(0, 70).Select(i => (double)(2000 + i * 13 % 70 / 7)).ToArray();
        var table = Table.Of(new NumericColumn("year", ColumnType.Int, years));
        var split = DatasetSplitter.Split(new SplitSpec { Method = SplitMethod.Time, TimeColumn = "year", Train = 0.8, Validation = 0.1, Test = 0.1 }, table);

        double[] Years(int[] rows) => rows.Select(r => years[r]).Distinct().Order().ToArray();
        Assert.Equal(Enumerable.Range(2000, 8).Select(y => (double)y), Years(split.Train));
        Assert.Equal([2008.0], Years(split.Validation));
        Assert.Equal([2009.0], Years(split.Test));
    }

    [Theory]
    [InlineData(new[] { 1.0, 1, 1, 1, 1, 1, 1, 1, 2, 2 }, 8)] // cut 8 is already between times
    [InlineData(new[] { 1.0, 1, 1, 1, 1, 1, 1, 2, 2, 2 }, 7)] // cut 8 inside the run of 2s [7, 10): nearer start
    [InlineData(new[] { 1.0, 1, 1, 1, 1, 1, 1, 1, 1, 2 }, 9)] // cut 8 inside the run of 1s [0, 9): nearer end
    [InlineData(new[] { 1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 10)] // one time only: it cannot be split
    public void Time_split_cut_moves_to_the_nearer_end_of_a_run_of_equal_times(double[] times, int trainRows)
    {
        var split = DatasetSplitter.CutOnDistinctTimes(times, 0.8, 0.2);

        Assert.Equal(Enumerable.Range(0, trainRows), split.Train);
        Assert.Equal(Enumerable.Range(trainRows, 10 - trainRows), split.Validation);
    }

    [Fact]
    public void A_missing_split_key_refuses_the_data()
    {
        var table = Table.Of(new StringColumn("key", ColumnType.String, ["a", null, "c"]));
        var e = Assert.Throws<DataRefusedException>(() => DatasetSplitter.Split(new SplitSpec { Method = SplitMethod.Hash, Key = "key" }, table));

        Assert.Equal(DataRefusalReason.SplitColumnMissing, e.Refusal);
        Assert.Contains("missing in 1 rows (first at row 2)", e.Message);
    }

    [Fact]
    public void A_split_column_the_data_lacks_is_a_spec_error()
    {
        var e = Assert.Throws<GitOpsMlFailure>(() => DatasetSplitter.Split(new SplitSpec { Method = SplitMethod.Hash, Key = "nope" }, Keys(3)));
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.SplitInvalid)), (e.Kind, e.Reason));
        Assert.Contains("'nope'", e.Message);
    }
}
