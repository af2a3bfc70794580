using System.Text;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests;

/// <summary>
/// Whatever lands in a pull request, validate answers "invalid" (exit 1) with an error naming the
/// file — never a crash or a stack trace — within seconds and bounded memory.
/// </summary>
public class HostileManifestTests
{
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);
    private const long MemoryBound = 32L * 1024 * 1024;

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var name in Hostile.Keys) data.Add(name);
        return data;
    }

    private static readonly Dictionary<string, Func<byte[]>> Hostile = new()
    {
        // "Billion laughs": nine levels of nine aliases expand to 9^9 nodes unless the loader bounds them.
        ["alias-bomb"] = () => Utf8(AliasBomb()),
        ["five-mebibytes"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: big}\nspec:\n  description: \"" + new string('x', 5 * 1024 * 1024) + "\"\n"),
        ["deep-flow-nesting"] = () => Utf8(new string('[', 100_000) + new string(']', 100_000) + "\n"),
        ["deep-mapping-nesting"] = () => Utf8(string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000) + "\n"),
        ["random-bytes"] = () => RandomBytes(),
        ["nul-bytes"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\u0000\u0000\nmetadata: {name: nul}\nspec: {}\n"),
        ["duplicate-keys"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata:\n  name: twice\n  name: again\nspec: {}\n"),
        ["python-object-tag"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: tagged}\nspec: !!python/object/apply:os.system [\"echo pwned\"]\n"),
        ["custom-local-tag"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: tagged}\nspec: !include other.yaml\n"),
        ["utf16-text"] = () => Encoding.Unicode.GetBytes("apiVersion: gitopsml.io/v1alpha1\nkind: Model\n"),
        ["unterminated-quote"] = () => Utf8("apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: \"open\n"),
        ["many-documents"] = () => Utf8(string.Concat(Enumerable.Repeat("---\n", 5_000))),
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_hostile_file_exits_1_with_an_error_naming_it_and_no_stack_trace(string name)
    {
        using var repo = new TempRepository();
        var file = repo.Write($"manifests/{name}.yaml", Hostile[name]());

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString()[..Math.Min(4000, run.ToString().Length)]);
        var display = TempRepository.Display(file);
        Assert.Contains(run.StdoutLines, l => l.StartsWith(display + ":", StringComparison.Ordinal));
        Assert.StartsWith("invalid: 1 file(s), 0 GitOpsMl object(s), ", run.StdoutLines[^1]);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
        Assert.Equal("", run.Stderr);
        // The report stays readable: a bounded number of lines, none of them huge.
        Assert.True(run.StdoutLines.Length <= 102, $"{run.StdoutLines.Length} lines");
        Assert.All(run.StdoutLines, l => Assert.True(l.Length < 2000, $"a line of {l.Length} characters"));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_hostile_file_is_refused_within_time_and_memory_bounds(string name)
    {
        using var repo = new TempRepository();
        repo.Write($"manifests/{name}.yaml", Hostile[name]());
        CliRun.Validate(repo.Root); // warm up: JIT and regex compilation are not the input's cost

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.Elapsed < TimeBound, $"{name}: {run.Elapsed.TotalSeconds:F2} s");
        Assert.True(run.AllocatedBytes < MemoryBound, $"{name}: {run.AllocatedBytes / 1048576.0:F1} MiB allocated");
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_being_read_and_the_message_names_the_limit()
    {
        using var repo = new TempRepository();
        var file = repo.Write("manifests/huge.yaml", Hostile["five-mebibytes"]());

        var run = CliRun.Validate(repo.Root);

        var line = Assert.Single(run.StdoutLines, l => l.StartsWith(TempRepository.Display(file) + ":1:1: ", StringComparison.Ordinal));
        Assert.Contains("more than the limit of 4194304 bytes; it was not parsed", line);
        Assert.True(run.AllocatedBytes < 16L * 1024 * 1024, $"{run.AllocatedBytes / 1048576.0:F1} MiB allocated for a file that is not parsed");
    }

    [Fact]
    public void A_file_over_the_size_limit_reports_its_real_size()
    {
        using var repo = new TempRepository();
        var bytes = Hostile["five-mebibytes"]();
        repo.Write("manifests/huge.yaml", bytes);

        var run = CliRun.Validate(repo.Root);

        Assert.Contains($"the file is {bytes.Length} bytes, more than the limit of 4194304 bytes", run.Stdout);
    }

    [Fact]
    public void Other_files_are_still_validated_beside_a_hostile_one()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/bomb.yaml", Hostile["alias-bomb"]());
        var good = repo.Write("manifests/model.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: fine}\nspec:\n  retention: {keepLast: 0}\n");

        var run = CliRun.Validate(repo.Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{TempRepository.Display(good)}:5:25: Model/fine: spec.retention.keepLast: must be at least 1, got 0", run.StdoutLines);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string AliasBomb()
    {
        var b = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i <= 9; i++)
            b.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        return b.ToString();
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[64 * 1024];
        new Random(20261123).NextBytes(bytes);
        return bytes;
    }
}
