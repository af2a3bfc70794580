using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>Theory data: every kind of the API, so a test written once covers a kind added later.</summary>
public static class EveryKind
{
    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var k in KindRegistry.All) data.Add(k.Kind);
        return data;
    }
}
