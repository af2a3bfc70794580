using GitOpsMl.Data.Remote;

namespace GitOpsMl.Data.Tests.Remote;

/// <summary>Where url downloads are cached: beside the control plane's state, else the user's XDG cache, else ~/.cache.</summary>
public sealed class DataCacheLocationTests
{
    [Theory]
    [InlineData("/var/lib/gitopsml", "/x", "/home/a", "/var/lib/gitopsml/cache")]
    [InlineData(null, "/x/cache", "/home/a", "/x/cache/gitopsml")]
    [InlineData(null, "relative/cache", "/home/a", "/home/a/.cache/gitopsml")]
    [InlineData(null, null, "/home/a", "/home/a/.cache/gitopsml")]
    public void The_state_folder_wins_then_an_absolute_xdg_cache_home_then_the_home_folder(string? state, string? xdg, string home, string expected)
    {
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = xdg, ["HOME"] = home };

        Assert.Equal(expected, DataCacheLocation.For(state, name => environment.GetValueOrDefault(name)));
    }
}
