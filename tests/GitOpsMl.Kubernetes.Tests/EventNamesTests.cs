using GitOpsMl.Api.Common;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>The Event that counts one (object, reason, message) pair: repeats share a name, anything else does not.</summary>
public sealed class EventNamesTests
{
    private static readonly ObjectKey Churn = new("Dataset", "default", "churn");

    [Fact]
    public void A_repeat_maps_to_the_same_Event_and_every_other_pair_to_its_own()
    {
        var name = EventNames.For(Churn, "uid-1", "InvalidData", "3 nulls");

        Assert.Equal(name, EventNames.For(Churn, "uid-1", "InvalidData", "3 nulls"));
        Assert.StartsWith("churn.", name);
        string[] others =
        [
            EventNames.For(Churn, "uid-1", "InvalidData", "4 nulls"),
            EventNames.For(Churn, "uid-1", "Succeeded", "3 nulls"),
            EventNames.For(Churn, "uid-2", "InvalidData", "3 nulls"),
            EventNames.For(Churn with { Kind = "Model" }, "uid-1", "InvalidData", "3 nulls"),
        ];
        Assert.Equal(others.Length, others.Append(name).Distinct().Count() - 1);
    }

    [Fact]
    public void A_long_object_name_is_cut_so_the_Event_name_stays_a_valid_DNS_subdomain()
    {
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 60), 4)) + "-b"; // 246 characters

        var name = EventNames.For(Churn with { Name = longName }, "uid", "R", "m");

        Assert.True(name.Length <= 253, $"{name.Length} characters");
        Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", name);
    }
}
