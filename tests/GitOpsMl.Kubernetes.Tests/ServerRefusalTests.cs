using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>The API server's Status refusals as the store's typed errors (no server needed).</summary>
public sealed class ServerRefusalTests
{
    private static readonly ObjectKey Key = new("Dataset", "default", "churn");

    [Theory]
    [InlineData(404, "NotFound", StoreErrorKind.NotFound)]
    [InlineData(409, "AlreadyExists", StoreErrorKind.AlreadyExists)]
    [InlineData(409, "Conflict", StoreErrorKind.Conflict)]
    [InlineData(410, "Expired", StoreErrorKind.Expired)]
    [InlineData(422, "Invalid", StoreErrorKind.Invalid)]
    [InlineData(400, "BadRequest", StoreErrorKind.Invalid)]
    public void Each_refusal_the_reconcilers_branch_on_has_its_kind(int code, string reason, StoreErrorKind kind)
    {
        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"refused: {{reason}}","reason":"{{reason}}","code":{{code}}}""";

        var e = ServerRefusal.ToStoreException(code, body, Key);

        Assert.NotNull(e);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(Key, e.Key);
        Assert.Equal("refused: " + reason, e.Message);
    }

    [Fact]
    public void An_invalid_object_keeps_the_server_message_and_every_field_cause()
    {
        const string body = """
            {"kind":"Status","status":"Failure","reason":"Invalid","code":422,
             "message":"Deployment.gitopsml.io \"churn\" is invalid: spec.replicas.min: Invalid value: \"object\": min replicas must not exceed max replicas",
             "details":{"name":"churn","group":"gitopsml.io","kind":"Deployment","causes":[
               {"reason":"FieldValueInvalid","message":"Invalid value: \"object\": min replicas must not exceed max replicas","field":"spec.replicas.min"},
               {"reason":"FieldValueRequired","message":"Required value","field":"spec.modelRef"}]}}
            """;

        var e = ServerRefusal.ToStoreException(422, body, Key)!;

        Assert.Equal(StoreErrorKind.Invalid, e.Kind);
        Assert.Contains("spec.replicas.min", e.Message);
        Assert.Equal([("spec.replicas.min", "FieldValueInvalid"), ("spec.modelRef", "FieldValueRequired")], e.Fields.Select(f => (f.Field, f.Reason)));
        Assert.Equal("Required value", e.Fields[1].Message);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(403)]
    [InlineData(401)]
    [InlineData(503)]
    public void Other_refusals_are_not_the_store_s_to_type(int code) =>
        Assert.Null(ServerRefusal.ToStoreException(code, """{"kind":"Status","message":"no"}""", Key));

    [Fact]
    public void A_body_that_is_not_a_Status_still_gives_a_message()
    {
        var e = ServerRefusal.ToStoreException(409, "<html>proxy says no</html>", Key)!;

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Contains("proxy says no", e.Message);
        Assert.Empty(e.Fields);
    }
}
