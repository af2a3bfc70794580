using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class CpuThreadsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("500m", 1)]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("2500m", 2)]
    [InlineData("3.5", 3)]
    [InlineData("1000", 64)]
    [InlineData("1k", null)]
    public void Resources_cpu_gives_a_replica_one_onnx_runtime_thread_per_whole_core(string? cpu, int? threads)
    {
        Assert.Equal(threads, CpuThreads.For(cpu));
    }
}
