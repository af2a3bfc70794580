using System.Buffers;
using System.Net;
using GitOpsMl.Serving.Protocol;

namespace GitOpsMl.Serving.Tests;

// Large bodies are read in pooled segments and parsed across them, never joined into one array.
public sealed class LargeBodyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void A_body_split_into_segments_parses_as_the_whole_body_does(int segmentBytes)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(ChurnRow.V2Body(ChurnRow.Random(50, seed: 5), id: "segmented"));
        Assert.True(V2RequestParser.TryParse(body, out var whole, out var error), error?.Error);
        Assert.True(V2RequestParser.TryParse(Split(body, segmentBytes), out var split, out error), error?.Error);
        Assert.Equal(whole!.Id, split!.Id);
        Assert.Equal(whole.Inputs.Count, split.Inputs.Count);
        for (var i = 0; i < whole.Inputs.Count; i++)
        {
            Assert.Equal(whole.Inputs[i].Name, split.Inputs[i].Name);
            Assert.Equal(whole.Inputs[i].Numbers, split.Inputs[i].Numbers);
            Assert.Equal(whole.Inputs[i].Strings, split.Inputs[i].Strings);
        }
    }

    [Fact]
    public void Repeated_category_values_share_one_string()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(ChurnRow.V2Body(Enumerable.Repeat(ChurnRow.Typical, 20).ToArray()));
        Assert.True(V2RequestParser.TryParse(body, out var request, out _));
        var plans = request!.Inputs.Single(t => t.Name == "plan").Strings!;
        Assert.All(plans, p => Assert.Same(plans[0], p));
    }

    [Fact]
    public async Task A_request_of_several_segments_and_run_chunks_answers_every_row_as_small_requests_do()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        await using var server = await TestServing.StartAsync(TestServing.Options(bundle) with { MaxRequestBodyBytes = 8 << 20 }, kestrel: true);
        var rows = ChurnRow.Random(10_000, seed: 6);
        var body = ChurnRow.V2Body(rows);
        Assert.True(body.Length > 3 * 64 * 1024, $"{body.Length} bytes");
        var (response, json) = await server.PostAsync("/v2/models/churn/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = ProtocolConformanceTests.Data(json, "probabilities");
        Assert.Equal(20_000, all.Length);
        foreach (var r in new[] { 0, 4095, 4096, 8191, 8192, 9999 })
        {
            var (_, one) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([rows[r]]));
            Assert.Equal(ProtocolConformanceTests.Data(one, "probabilities"), all.AsSpan(r * 2, 2).ToArray());
        }
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        Chunk? head = null, tail = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var next = new Chunk(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), at);
            if (tail is null) head = next;
            else tail.Link(next);
            tail = next;
        }
        return new ReadOnlySequence<byte>(head!, 0, tail!, tail!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public void Link(Chunk next) => Next = next;
    }
}
