using System.Diagnostics;

namespace GitOpsMl.Local.Tests.Execution.Support;

public static class Eventually
{
    /// <summary>Polls until <paramref name="check"/> returns a value that satisfies <paramref name="done"/>, or fails naming the last value.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> check, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        T last;
        do
        {
            last = await check();
            if (done(last)) return last;
            await Task.Delay(100);
        } while (clock.Elapsed < timeout);
        throw new TimeoutException($"{what} not reached within {timeout.TotalSeconds:0}s; last: {last}");
    }
}
