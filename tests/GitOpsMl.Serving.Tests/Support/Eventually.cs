namespace GitOpsMl.Serving.Tests.Support;

/// <summary>Polls a condition until it holds (or fails the test after a timeout).</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not met in time");
            await Task.Delay(10);
        }
    }

    public static async Task True(Func<Task<bool>> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not met in time");
            await Task.Delay(10);
        }
    }
}
