using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

public class SuggestionsTests
{
    [Theory]
    [InlineData("bsae", "base")]             // two letters swapped: one typo, one edit
    [InlineData("acu", "auc")]
    [InlineData("hyperparameter", "hyperparameters")]
    [InlineData("standardise", "standardize")]
    [InlineData("Binary", "binary")]          // case only
    [InlineData("churn", "churned")]          // a shortened name
    [InlineData("automatic", "auto")]         // a lengthened name
    [InlineData("tenrue", "tenure")]
    public void A_near_miss_suggests_the_intended_name(string given, string expected)
    {
        string[] candidates = ["base", "auc", "hyperparameters", "standardize", "binary", "churned", "auto", "tenure", "regression"];

        Assert.Equal(expected, Suggestions.Closest(given, candidates));
        Assert.Equal($"; did you mean \"{expected}\"?", Suggestions.DidYouMean(given, candidates));
    }

    [Theory]
    [InlineData("fraud")]
    [InlineData("x")]
    [InlineData("chu")]                       // a three-letter prefix is too short to mean anything
    [InlineData("completely-different")]
    public void A_far_name_suggests_nothing(string given)
    {
        string[] candidates = ["base", "auto", "churned"];

        Assert.Null(Suggestions.Closest(given, candidates));
        Assert.Equal("", Suggestions.DidYouMean(given, candidates));
    }

    [Fact]
    public void The_given_text_itself_is_never_suggested_only_another_candidate()
    {
        // The given value is among the candidates when they come from a source that shares the user's typo.
        Assert.Equal("tenure", Suggestions.Closest("tenur", ["tenur", "tenure"]));
        Assert.Null(Suggestions.Closest("tenur", ["tenur"]));
        Assert.Equal("", Suggestions.DidYouMean("tenur", ["tenur", "calls"]));
    }

    [Fact]
    public void No_candidates_means_no_suggestion()
    {
        Assert.Null(Suggestions.Closest("base", []));
    }

    [Fact]
    public void Very_long_text_is_not_compared_and_costs_nothing()
    {
        var huge = new string('a', 100_000);

        Assert.Null(Suggestions.Closest(huge, ["a", "aa", new string('a', 300)]));
    }

    [Fact]
    public void An_unknown_field_with_no_near_miss_lists_the_fields_of_its_level()
    {
        // algorithm.type is a guess, not a typo: the useful answer is what the level holds.
        Assert.Equal("; fields here: linear, mlp", Suggestions.ForField("type", ["mlp", "linear"]));
        Assert.Equal("; did you mean \"mlp\"?", Suggestions.ForField("mpl", ["mlp", "linear"]));
    }

    [Fact]
    public void A_level_with_many_fields_is_not_listed_after_an_unknown_one()
    {
        var fields = Enumerable.Range(0, Suggestions.MaxListedFields + 1).Select(i => $"field{i:D2}").ToList();

        Assert.Equal("", Suggestions.ForField("zzz", fields));
        Assert.StartsWith("; fields here: field00, ", Suggestions.ForField("zzz", fields[..Suggestions.MaxListedFields]));
    }
}
