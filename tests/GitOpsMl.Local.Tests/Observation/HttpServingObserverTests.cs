using System.Net;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Observation;

namespace GitOpsMl.Local.Tests.Observation;

public sealed class HttpServingObserverTests
{
    private const string ReplicaA = """
        gitopsml_requests_total{model="churn",version="v1",endpoint="v2",code="200"} 90
        gitopsml_requests_total{model="churn",version="v1",endpoint="v2",code="429"} 10
        gitopsml_requests_total{model="other",version="v9",endpoint="v2",code="200"} 1000
        gitopsml_shadow_requests_total{model="churn",version="v2",outcome="ok"} 95
        gitopsml_shadow_requests_total{model="churn",version="v2",outcome="error"} 5
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="0.001"} 50
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="0.01"} 95
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="+Inf"} 95
        gitopsml_shadow_rows_total{model="churn",stable="v1",shadow="v2",outcome="agree"} 180
        gitopsml_shadow_rows_total{model="churn",stable="v1",shadow="v2",outcome="disagree"} 20
        """;

    private const string ReplicaB = """
        gitopsml_requests_total{model="churn",version="v1",endpoint="v2",code="200"} 40
        gitopsml_shadow_requests_total{model="churn",version="v2",outcome="ok"} 40
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="0.001"} 40
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="0.01"} 40
        gitopsml_shadow_duration_seconds_bucket{model="churn",version="v2",le="+Inf"} 40
        """;

    [Fact]
    public async Task Shadow_runs_and_each_replicas_request_counter_are_read_for_analysis_and_autoscaling()
    {
        using var http = new HttpClient(new Answer(new Dictionary<int, string> { [9001] = ReplicaA, [9002] = ReplicaB }));
        ReplicaState[] replicas = [new("churn-0", new Uri("http://127.0.0.1:9001/"), true, 0), new("churn-1", new Uri("http://127.0.0.1:9002/"), true, 0)];

        var traffic = await new HttpServingObserver(http).ReadTrafficAsync(replicas, "churn");

        var shadow = traffic.ShadowOf("v2");
        Assert.Equal((140L, 5L), (shadow.Requests, shadow.Errors));
        Assert.InRange(shadow.P99Milliseconds!.Value, 1, 10);
        Assert.Equal(0, traffic.Of("v2").Requests);
        Assert.Equal(0.9, traffic.ShadowAgreement);
        Assert.Equal(new Dictionary<string, long> { ["churn-0"] = 100, ["churn-1"] = 40 }, traffic.RequestsByReplica);
    }

    private sealed class Answer(IReadOnlyDictionary<int, string> byPort) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(byPort[request.RequestUri!.Port]) });
    }
}
