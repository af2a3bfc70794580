using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Tests.Common;

public class UserTextTests
{
    [Theory]
    [InlineData("web", "web")]
    // NEL is a control character, LS and ZERO WIDTH SPACE are not printed as themselves either.
    [InlineData("a\u0085b\u2028c\u200Bd", "a\\u0085b\\u2028c\\u200Bd")]
    public void Characters_a_terminal_would_act_on_are_shown_as_escapes(string text, string expected) =>
        Assert.Equal(expected, UserText.Shorten(text));

    [Fact]
    public void Text_of_exactly_80_characters_is_kept_whole()
    {
        string text = new('k', 80);

        Assert.Equal(text, UserText.Shorten(text));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        // The 80th UTF-16 unit is the first half of the emoji.
        string text = new string('k', 79) + "😀" + "tail";

        Assert.Equal(new string('k', 79) + "…", UserText.Shorten(text));
    }
}
