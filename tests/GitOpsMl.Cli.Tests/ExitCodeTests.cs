using GitOpsMl.Api.Failures;
using GitOpsMl.Cli.Commands;

namespace GitOpsMl.Cli.Tests;

/// <summary>The one map from a failure to an exit code, as the README's table states it.</summary>
public class ExitCodeTests
{
    [Theory]
    [InlineData(FailureKind.InvalidData, 1)]
    [InlineData(FailureKind.InvalidSpec, 1)]
    [InlineData(FailureKind.Diverged, 3)]
    [InlineData(FailureKind.ParityFailed, 4)]
    [InlineData(FailureKind.Internal, 70)]
    [InlineData(FailureKind.Transient, 75)]
    public void Each_failure_kind_has_its_exit_code(FailureKind kind, int code)
    {
        Assert.Equal(code, ExitCodes.For(new GitOpsMlFailure(kind, "Some", "message")));
    }

    [Fact]
    public void Anything_else_is_an_internal_error_never_1()
    {
        Assert.Equal(ExitCodes.Internal, ExitCodes.For(new InvalidOperationException("bug")));
        Assert.Equal(ExitCodes.Internal, ExitCodes.For(new ArgumentException("bug")));
        Assert.Equal(ExitCodes.Internal, ExitCodes.For(new NullReferenceException()));
        Assert.Equal(ExitCodes.Usage, ExitCodes.For(new IOException("disk")));
        Assert.Equal(ExitCodes.Cancelled, ExitCodes.For(new OperationCanceledException()));
        Assert.StartsWith("internal error (InvalidOperationException): bug", ExitCodes.Describe(new InvalidOperationException("bug.")));
    }
}
