using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Protocol;

namespace GitOpsMl.Serving.Tests;

// Property-based fuzzing of request parsing: valid bodies mutated at random (byte edits and JSON
// fragments spliced in) and arbitrary strings never make the parsers throw; they either produce a
// consistent batch or a 400 with a message. Over HTTP, no body ever gets a 500.
public sealed class RequestFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "1e-50", "\"NaN\"", "\"Infinity\"", "\"FP32\"", "\"BYTES\"",
        "\"INT64\"", "\"shape\"", "\"data\"", "\"inputs\"", "\"outputs\"", "\"name\"", "\"datatype\"", "\"id\"", "\"instances\"",
        "\"plan\"", "\"tenure_months\"", "[[[[", "]]]]", "\\u0000", "\\ud800", "é", "💥", "0", "-1", "99999999999999999999", " ",
    ];

    private static readonly ModelSchema Schema = StatisticsLogicTests.Schema();

    private static Gen<string> Mutated(string seed) =>
        from n in Gen.Choose(1, 6)
        from edits in Edit().ListOf(n)
        select edits.Aggregate(seed, (text, edit) => edit(text));

    private static Gen<Func<string, string>> Edit() => Gen.OneOf(
        from at in Gen.Choose(0, 1000)
        from length in Gen.Choose(1, 20)
        select (Func<string, string>)(s => s.Length == 0 ? s : s.Remove(at % s.Length, Math.Min(length, s.Length - at % s.Length))),
        from at in Gen.Choose(0, 1000)
        from fragment in Gen.Elements(Fragments)
        select (Func<string, string>)(s => s.Insert(s.Length == 0 ? 0 : at % s.Length, fragment)),
        from at in Gen.Choose(0, 1000)
        from c in Gen.Choose(0, 127)
        select (Func<string, string>)(s => s.Length == 0 ? s : s.Remove(at % s.Length, 1).Insert(at % s.Length, ((char)c).ToString())),
        from at in Gen.Choose(0, 1000)
        from length in Gen.Choose(1, 40)
        select (Func<string, string>)(s => s.Length == 0 ? s : s.Insert(at % s.Length, s.Substring(at % s.Length, Math.Min(length, s.Length - at % s.Length)))));

    private static Gen<string> Bodies() => Gen.OneOf(
        Gen.Choose(1, 4).SelectMany(n => Mutated(ChurnRow.V2Body(ChurnRow.Random(n, seed: n)))),
        Gen.Choose(1, 4).SelectMany(n => Mutated(ChurnRow.V1Body(ChurnRow.Random(n, seed: n)))),
        ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""));

    private static bool ParsesSafely(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (V2RequestParser.TryParse(bytes, out var request, out var error))
        {
            var bindError = V2InputBinder.Bind(Schema, request!, out var rows);
            if (bindError is not null) return bindError.Status == 400 && bindError.Error.Length > 0;
            if (!Consistent(rows!)) return false;
        }
        else if (error is not { Status: 400, Error.Length: > 0 })
        {
            return false;
        }
        if (V1PredictParser.TryParse(bytes, Schema, out var v1Rows, out var v1Error)) return Consistent(v1Rows!);
        return v1Error is { Status: 400, Error.Length: > 0 };
    }

    private static bool Consistent(RowBatch rows) =>
        rows.Rows >= 1 && Schema.Inputs.All(c => c.IsNumeric
            ? rows.Numbers[c.Index]?.Length == rows.Rows
            : rows.Strings[c.Index]?.Length == rows.Rows && rows.Strings[c.Index]!.All(s => s is not null));

    [Fact]
    public void Parsers_never_throw_and_return_a_consistent_batch_or_a_400() =>
        Prop.ForAll(Bodies().ToArbitrary(), ParsesSafely).Check(Config.QuickThrowOnFailure.WithMaxTest(10000));

    [Fact]
    public void Valid_bodies_parse_to_the_rows_they_carry() =>
        Prop.ForAll(Gen.Choose(1, 20).ToArbitrary(), n =>
        {
            var rows = ChurnRow.Random(n, seed: n);
            V2RequestParser.TryParse(Encoding.UTF8.GetBytes(ChurnRow.V2Body(rows)), out var request, out _);
            V2InputBinder.Bind(Schema, request!, out var v2);
            V1PredictParser.TryParse(Encoding.UTF8.GetBytes(ChurnRow.V1Body(rows)), Schema, out var v1, out _);
            return v2!.Rows == n && v1!.Rows == n
                && v2.Numbers[0]!.SequenceEqual(rows.Select(r => r.Tenure)) && v1.Numbers[0]!.SequenceEqual(v2.Numbers[0]!)
                && v2.Strings[3]!.SequenceEqual(rows.Select(r => r.Plan ?? "")) && v1.Strings[3]!.SequenceEqual(v2.Strings[3]!);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

    [Fact]
    public async Task No_fuzzed_body_gets_a_server_error_over_http()
    {
        using var temp = new TempFolder();
        var options = TestServing.Options(ChurnBundle.Write(temp.Sub("churn"))) with { MaxRequestBodyBytes = 4096 };
        await using var server = await TestServing.StartAsync(options);
        var bodies = Bodies().Sample(300, 10);
        var paths = new[] { "/v2/models/churn/infer", "/v1/models/churn:predict", "/v2/models/churn/versions/v1/infer" };
        var i = 0;
        foreach (var body in bodies)
        {
            var path = paths[i++ % paths.Length];
            var response = await server.PostJsonAsync(path, body);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge,
                $"{path} answered {(int)response.StatusCode} to {body}");
            var json = await TestServing.ReadJson(response);
            Assert.True(json.TryGetProperty(response.StatusCode == HttpStatusCode.OK ? "model_version" : "error", out _));
        }
    }
}
